// Property test of the built CLI against hostile input: random YAML documents, random bytes and random argument
// vectors fed to validate, eval, diff, test and the release commands, each in a child process in a sandbox
// (a temp dir holding the repo, a file:// store, HOME and TMPDIR). Whatever the input:
//   - the exit code is 0-4 (never 70, never a signal), and nothing prints a stack trace;
//   - no file that existed before the run is deleted or changed (a .gitignore may only grow), inside the sandbox
//     or in a sentinel directory next to the repo, and nothing at all appears above the sandbox.
// `npm test` runs a few cases; `npm run fuzz` runs many (FUZZ_RUNS=n, FUZZ_SEED=s to replay a failure).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.FLAGCTL_FUZZ ? 200 : 5));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

// ---------- the repo ----------

const PROJECT = `project: fuzz
environments: [dev, staging, prod]
pipeline: [staging, prod]
rollout:
  prod: { steps: [10, 50, 100], bake: 0s }
context:
  user: string
  country: string
  plan: { enum: [free, pro] }
  host: { type: string, static: true }
`;

const VALID_FLAG = `description: a flag
owner: "@acme/team"
kind: ops
default: false
environments:
  dev: true
  prod:
    rules:
      - name: some countries
        if: { country: { in: [US, DE] } }
        serve: true
    serve: { rollout: { true: 25, false: 75 } }
`;

const yamlDoc = fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v));
/** A flag file: valid, a valid one with a random edit, random YAML, random text or random bytes. */
const flagFile: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constant(VALID_FLAG),
  fc.tuple(fc.nat(VALID_FLAG.length), fc.string({ maxLength: 12 })).map(([at, s]) => VALID_FLAG.slice(0, at) + s + VALID_FLAG.slice(at)),
  yamlDoc,
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
);
const projectFile: fc.Arbitrary<string | Uint8Array | "DIR"> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(PROJECT) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(PROJECT.length), fc.string({ maxLength: 12 })).map(([at, s]) => PROJECT.slice(0, at) + s + PROJECT.slice(at)) },
  { weight: 1, arbitrary: yamlDoc },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.constant("DIR" as const) },
);
const storeJunk = fc.oneof(fc.constant(undefined), yamlDoc, fc.uint8Array({ maxLength: 64 }), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)));

const repoArb = fc.record({
  project: projectFile,
  flags: fc.array(fc.tuple(fc.constantFrom("a", "b/c", "x.y", "Disable", "d"), flagFile), { maxLength: 3 }),
  tests: fc.option(fc.oneof(yamlDoc, fc.constant("tests:\n  - name: t\n    env: prod\n    context: { user: u1 }\n    expect: { a: false }\n"))),
  git: fc.constantFrom("commit", "commit", "none", "empty"),
  pointer: storeJunk,
  manifest: storeJunk,
});

// ---------- the argument vectors ----------

const V1 = "v20261121.120000-abc1234";
const word = fc.oneof(
  fc.constantFrom("prod", "dev", "staging", "moon", "", "a", "b.c", V1, "v1", "latest", "prod@deployed", "prod@HEAD", "dev@HEAD~3", `${V1}:prod`),
  fc.string({ maxLength: 8 }),
);
const number = fc.oneof(fc.constantFrom("0x14", "150", "-5", "12.3456", "25", "1e1", "", "0", "100", "NaN", "1.5", " 5", "99999999999999999999"), fc.string({ maxLength: 5 }));
/** Paths inside the sandbox, the repo itself, and special file systems: never anywhere else. */
const path = fc.constantFrom(".", "..", "out", "out/x", "../out2", "flags", "flagctl.yaml", "flags/a.yaml", ".git", "../sentinel", "../sentinel/keep.txt/x", "/proc/flagctl-fuzz", "/dev/null/x", "contexts.jsonl");
const format = fc.constantFrom("text", "json", "github", "markdown", "yaml", "");

const options: Record<string, [string, fc.Arbitrary<string> | null][]> = {
  common: [["--format", format], ["--cwd", path], ["--help", null], ["--bogus", null]],
  store: [["--store", fc.constantFrom("STORE", "file://", "s3://", "http://x", "file://../sentinel", "STORE/../x")], ["--bake", number], ["--if-seq", number], ["--reason", word], ["--unsafe-no-cas", null], ["--endpoint", fc.constantFrom("http://127.0.0.1:9", "ftp://x", "")]],
  eval: [["--env", word], ["--all", null], ["--ctx", fc.constantFrom("user=u1", "country=US", "plan=gold", "x=1", "=", "user")], ["--ctx-json", fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), word)], ["--static", fc.constantFrom("host=web-1", "env=x", "nope=1")], ["--contexts", path], ["--explain", null]],
  diff: [["--base", fc.constantFrom("HEAD", "HEAD~1", "nope", "")], ["--exit-code", null], ["--allow-breaking", null], ["--sample", path]],
  test: [["--offline", null], ["--filter", word], ["--now", fc.constantFrom("2026-11-21T12:00:00Z", "1", "tomorrow", "2026-13-45", "")], ["--timeout", number]],
  build: [["--out", path], ["--offline", null], ["--sign-key", path]],
  rollout: [["--to", number], ["--next", null], ["--force", null]],
  log: [["--limit", number]],
  keygen: [["--out", fc.constantFrom("k", "out/k", "../sentinel/k", "/dev/null/k", "flags")]],
};
const COMMANDS: Record<string, { positional: number; opts: string[] }> = {
  validate: { positional: 0, opts: ["common"] },
  eval: { positional: 2, opts: ["common", "eval"] },
  diff: { positional: 2, opts: ["common", "diff", "store"] },
  test: { positional: 0, opts: ["common", "test"] },
  build: { positional: 0, opts: ["common", "build", "store"] },
  publish: { positional: 1, opts: ["common", "build", "store"] },
  promote: { positional: 2, opts: ["common", "store", "rollout"] },
  rollout: { positional: 1, opts: ["common", "store", "rollout"] },
  rollback: { positional: 1, opts: ["common", "store"] },
  status: { positional: 1, opts: ["common", "store"] },
  log: { positional: 1, opts: ["common", "store", "log"] },
  init: { positional: 1, opts: ["common"] },
  keygen: { positional: 0, opts: ["common", "keygen"] },
};

const argv: fc.Arbitrary<string[]> = fc.constantFrom(...Object.keys(COMMANDS)).chain((cmd) => {
  const spec = COMMANDS[cmd];
  const pool = spec.opts.flatMap((o) => options[o]);
  const opt = fc.constantFrom(...pool).chain(([name, value]) => (value ? value.map((v) => [name, v]) : fc.constant([name])));
  return fc
    .tuple(fc.array(fc.oneof(word, path), { maxLength: spec.positional }), fc.array(opt, { maxLength: 4 }), fc.option(fc.string({ maxLength: 6 }), { freq: 8 }))
    .map(([pos, opts, junk]) => [cmd, ...pos, ...opts.flat(), ...(junk === null ? [] : [junk])]);
});

// ---------- the sandbox ----------

interface Sandbox {
  base: string;
  work: string;
  store: string;
}

function makeSandbox(repo: fc.RecordValue<typeof repoArb extends fc.Arbitrary<infer T> ? T : never>): Sandbox {
  // One private level above the sandbox, so anything written above it is seen (and no one else's files are).
  const base = join(mkdtempSync(join(tmpdir(), "flagctl-fuzz-")), "box");
  mkdirSync(base);
  const work = join(base, "work");
  const store = join(base, "store");
  for (const d of [work, store, join(base, "home"), join(base, "tmp"), join(base, "sentinel")]) mkdirSync(d);
  writeFileSync(join(base, "sentinel/keep.txt"), "must survive");
  if (repo.project === "DIR") mkdirSync(join(work, "flagctl.yaml"));
  else writeFileSync(join(work, "flagctl.yaml"), repo.project);
  for (const [name, body] of repo.flags) {
    mkdirSync(dirname(join(work, "flags", `${name}.yaml`)), { recursive: true });
    writeFileSync(join(work, "flags", `${name}.yaml`), body);
  }
  if (repo.tests !== null) {
    mkdirSync(join(work, "tests"));
    writeFileSync(join(work, "tests/t.yaml"), repo.tests);
  }
  writeFileSync(join(work, "contexts.jsonl"), '{"user":"u1","country":"US"}\n{"user":2}\nnot json\n');
  if (repo.pointer !== undefined) {
    mkdirSync(join(store, "envs/prod"), { recursive: true });
    writeFileSync(join(store, "envs/prod/pointer.json"), repo.pointer);
  }
  if (repo.manifest !== undefined) {
    mkdirSync(join(store, `releases/${V1}`), { recursive: true });
    writeFileSync(join(store, `releases/${V1}/manifest.json`), repo.manifest);
  }
  if (repo.git !== "none") {
    const git = (...args: string[]) =>
      new Promise<void>((done, fail) => execFile("git", args, { cwd: work, env: gitEnv(base) }, (e) => (e ? fail(e) : done())));
    return Object.assign({ base, work, store }, { ready: git("init", "-q", "-b", "main").then(() => (repo.git === "commit" ? git("add", "-A").then(() => git("commit", "-q", "-m", "fuzz")) : undefined)) });
  }
  return { base, work, store };
}

const gitEnv = (base: string): NodeJS.ProcessEnv => ({
  ...process.env,
  HOME: join(base, "home"),
  TMPDIR: join(base, "tmp"),
  GIT_AUTHOR_NAME: "Fuzz",
  GIT_AUTHOR_EMAIL: "fuzz@example.com",
  GIT_COMMITTER_NAME: "Fuzz",
  GIT_COMMITTER_EMAIL: "fuzz@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  NO_COLOR: "1",
  FLAGCTL_ACTOR: "fuzz",
  FLAGCTL_SIGNING_KEY: "",
  FLAGCTL_VERIFY_KEY: "",
  FLAGCTL_S3_ENDPOINT: "http://127.0.0.1:9",
  FLAGCTL_S3_MAX_ATTEMPTS: "1",
  AWS_ACCESS_KEY_ID: "x",
  AWS_SECRET_ACCESS_KEY: "x",
  AWS_REGION: "us-east-1",
});

/** Every file under `dir` (not following links) with a hash of its bytes; .git's internals are skipped. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const a = join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r === "work/.git") out.set(r, lstatSync(join(a, "HEAD"), { throwIfNoEntry: false }) ? "git" : "broken");
        else walk(a, r);
      } else if (e.isFile()) out.set(r, createHash("sha256").update(readFileSync(a)).digest("hex"));
    }
  };
  walk(dir, "");
  return out;
}


function run(sb: Sandbox, args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const expanded = args.map((a) => a.replace(/^STORE/, pathToFileURL(sb.store).href));
  return new Promise((done) => {
    const child = execFile(process.execPath, [BIN, ...expanded], { cwd: sb.work, env: gitEnv(sb.base), timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: child.exitCode, signal: child.signalCode ?? (err && "signal" in err ? (err.signal as string | null) : null), stdout, stderr });
    });
  });
}

async function check(repo: Parameters<typeof makeSandbox>[0], vectors: string[][]): Promise<void> {
  const sb = makeSandbox(repo);
  try {
    await (sb as Sandbox & { ready?: Promise<void> }).ready;
    const before = snapshot(sb.base);

    // A few commands at once against the same sandbox, as a CI job and a person might.
    const results = await Promise.all(vectors.map((v) => run(sb, v)));
    for (const [i, r] of results.entries()) {
      const what = `flagctl ${vectors[i].map((a) => JSON.stringify(a)).join(" ")}\n--- stderr:\n${r.stderr.slice(0, 2000)}`;
      expect(r.signal, what).toBeNull();
      expect([0, 1, 2, 3, 4], what).toContain(r.code);
      expect(r.stderr, what).not.toContain("internal error");
      expect(`${r.stdout}\n${r.stderr}`, what).not.toMatch(/\n {4}at [^\n]+:\d+:\d+\)?\n/);
    }
    const after = snapshot(sb.base);
    for (const [file, hash] of before) {
      const now = after.get(file);
      if (file === "work/.gitignore" && now !== undefined) continue; // init may add lines to it
      expect(now, `${file} was ${now === undefined ? "deleted" : "changed"} by one of:\n${vectors.map((v) => v.join(" ")).join("\n")}`).toBe(hash);
    }
    expect(readdirSync(dirname(sb.base)), "something was written above the sandbox").toEqual(["box"]);
  } finally {
    rmSync(dirname(sb.base), { recursive: true, force: true, maxRetries: 3 });
  }
}

describe("fuzz: hostile repos, stores and arguments against the built CLI", () => {
  it(`exit 0-4, no stack trace, nothing destroyed (${RUNS} cases of 3 commands)`, { timeout: 60_000 + RUNS * 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(repoArb, fc.array(argv, { minLength: 3, maxLength: 3 }), (repo, vectors) => check(repo, vectors)),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it("the known-dangerous vectors, every time", { timeout: 120_000 }, async () => {
    const repo = { project: PROJECT, flags: [["a", VALID_FLAG]] as [string, string][], tests: null, git: "commit" as const, pointer: undefined, manifest: undefined };
    await check(repo, [["build", "--out", "."], ["build", "--out", ".."], ["build", "--out", "../sentinel"]]);
    await check(repo, [["build", "--out", "/proc/flagctl-fuzz"], ["rollout", "prod", "--to", "0x14", "--store", "STORE"], ["keygen", "--out", "../sentinel/keep.txt/x"]]);
  });
});
