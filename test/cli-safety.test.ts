// Hostile and newcomer use of the built CLI (child processes, real git repos and files in temp dirs): commands
// never destroy what they did not write, fail with one line and a hint (exit 1-4), check argument shapes before
// touching a store or git, and report errors as JSON under --format json.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, flagctl, tempDir, type Run } from "./helpers/releaseFixture.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";

const oneLineFailure = (r: Run, code: number) => {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(/^flagctl: [^\n]+\n {2}hint: [^\n]+\n$/);
};

/** A committed config repo made by `flagctl init`, optionally with a file:// store in flagctl.yaml. */
async function initRepo(opts: { store?: boolean } = {}): Promise<TempGitRepo> {
  const repo = tempGitRepo("flagctl-safety-");
  const r = await flagctl(repo.dir, ["init"]);
  expect(r.code, r.stderr).toBe(0);
  if (opts.store) {
    const yaml = readFileSync(join(repo.dir, "flagctl.yaml"), "utf8").replace(/^# store:.*$/m, "store: file://.flagctl/store");
    writeFileSync(join(repo.dir, "flagctl.yaml"), yaml);
  }
  repo.commit("init");
  return repo;
}

describe("build --out writes only where it may", () => {
  let repo: TempGitRepo;
  beforeAll(async () => {
    repo = await initRepo();
  });

  it("refuses the repo itself and any directory above it, leaving the repo whole", { timeout: 60_000 }, async () => {
    for (const out of [".", "..", repo.dir, "flags/.."]) {
      const r = await flagctl(repo.dir, ["build", "--offline", "--out", out]);
      oneLineFailure(r, 2);
      expect(r.stderr).toContain("config repo");
    }
    // Through a symlink too.
    const link = join(tempDir(), "link");
    symlinkSync(repo.dir, link);
    oneLineFailure(await flagctl(repo.dir, ["build", "--offline", "--out", link]), 2);
    expect(existsSync(join(repo.dir, ".git/HEAD"))).toBe(true);
    expect(existsSync(join(repo.dir, "flags"))).toBe(true);
    expect(repo.git("status", "--porcelain").trim()).toBe("");
  });

  it("refuses a non-empty directory that is not a build, and a path through a file", { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "precious.txt"), "keep me");
    let r = await flagctl(repo.dir, ["build", "--offline", "--out", dir]);
    oneLineFailure(r, 2);
    expect(r.stderr).toContain("precious.txt");
    expect(readFileSync(join(dir, "precious.txt"), "utf8")).toBe("keep me");

    for (const out of [join(dir, "precious.txt"), join(dir, "precious.txt", "x")]) {
      r = await flagctl(repo.dir, ["build", "--offline", "--out", out]);
      oneLineFailure(r, 2);
    }
    expect(readdirSync(dir)).toEqual(["precious.txt"]);
  });

  it("fails fast on a special file system instead of hanging", { timeout: 90_000 }, async () => {
    if (!existsSync("/proc/self")) return;
    const own = await initRepo();
    const r = await new Promise<Run>((done) =>
      execFile(process.execPath, [BIN, "build", "--offline", "--out", "/proc/flagctl-x"], { cwd: own.dir, timeout: 45_000, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
      ),
    );
    oneLineFailure(r, 2);
  });

  it("writes into a new or empty directory and replaces only a previous build", { timeout: 60_000 }, async () => {
    const empty = tempDir();
    let r = await flagctl(repo.dir, ["build", "--offline", "--out", empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(empty).sort()).toEqual(["envs", "manifest.json"]);
    const first = readFileSync(join(empty, "manifest.json"), "utf8");

    // A new commit rebuilt into the same directory: the old build is replaced.
    repo.write({ "flags/extra.yaml": "description: extra\nowner: \"@x/y\"\nkind: ops\ndefault: false\nenvironments: {}\n" });
    repo.commit("extra flag");
    r = await flagctl(repo.dir, ["build", "--offline", "--out", empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(empty, "manifest.json"), "utf8")).not.toBe(first);

    // A previous build with something foreign added is no longer only ours.
    writeFileSync(join(empty, "notes.md"), "mine");
    repo.write({ "flags/extra.yaml": "description: extra 2\nowner: \"@x/y\"\nkind: ops\ndefault: false\nenvironments: {}\n" });
    repo.commit("extra flag 2");
    r = await flagctl(repo.dir, ["build", "--offline", "--out", empty]);
    oneLineFailure(r, 2);
    expect(r.stderr).toContain("notes.md");
    expect(readFileSync(join(empty, "notes.md"), "utf8")).toBe("mine");
  });
});

describe("project-file shape errors are one line, exit 2", () => {
  it("flagctl.yaml is a directory: every command", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "flagctl.yaml"));
    const store = pathToFileURL(tempDir()).href;
    const runs: string[][] = [
      ["status"],
      ["build"],
      ["promote", "v20261121.120000-abc1234", "prod"],
      ["publish", "--build"],
      ["log", "prod"],
      ["rollout", "prod"],
      ["rollback", "prod"],
      ["validate"],
      ["eval", "--all", "--env", "prod"],
      ["diff", "dev", "prod"],
      ["test"],
      ["codeowners"],
    ];
    await Promise.all(
      runs.map(async (args) => {
        const readsStore = !["validate", "eval", "test", "codeowners", "build"].includes(args[0]);
        const r = await flagctl(dir, readsStore ? [...args, "--store", store] : args);
        oneLineFailure(r, 2);
        expect(r.stderr, args.join(" ")).toContain("flagctl.yaml is not a file");
      }),
    );
  });
});

describe("argument shapes are usage errors found before any store or git access", () => {
  // An S3 store on a closed port: touching it would be exit 3, not 2. The directory is not a git repo.
  let dir: string;
  const unreachable = ["--store", "s3://bucket/prefix", "--endpoint", "http://127.0.0.1:9"];
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(join(dir, "flagctl.yaml"), "project: p\nenvironments: [dev, prod]\nrollout:\n  prod: { steps: [10, 50, 100] }\ncontext:\n  user: string\n");
  });
  const cases: [string, string[], NodeJS.ProcessEnv?][] = [
    ["hex percent", ["rollout", "prod", "--to", "0x14"]],
    ["4 decimals", ["rollout", "prod", "--to", "12.3456"]],
    ["above 100", ["rollout", "prod", "--to", "150"]],
    ["negative", ["rollout", "prod", "--to=-5"]],
    ["zero", ["rollout", "prod", "--to", "0"]],
    ["exponent", ["rollout", "prod", "--to", "1e1"]],
    ["empty", ["rollout", "prod", "--to", ""]],
    ["bad bake", ["rollout", "prod", "--bake", "5 minutes"]],
    ["bake scale", ["rollout", "prod"], { FLAGCTL_BAKE_SCALE: "0x1" }],
    ["if-seq fraction", ["rollback", "prod", "--if-seq", "1.5"]],
    ["if-seq hex", ["promote", "v20261121.120000-abc1234", "prod", "--if-seq", "0x2"]],
    ["malformed version", ["promote", "latest", "prod"]],
    ["impossible date in version", ["promote", "v20261340.120000-abc1234", "prod"]],
    ["log limit hex", ["log", "prod", "--limit", "0x14"]],
    ["log limit zero", ["log", "prod", "--limit", "0"]],
    ["log limit exponent", ["log", "prod", "--limit", "1e1"]],
    ["status bake", ["status", "--bake", "-1s"]],
    ["format", ["status", "--format", "yaml"]],
    ["unknown env: status", ["status", "moon"]],
    ["unknown env: log", ["log", "moon"]],
    ["unknown env: promote", ["promote", "v20261121.120000-abc1234", "moon"]],
    ["unknown env: rollout", ["rollout", "moon"]],
    ["unknown env: rollback", ["rollback", "moon"]],
    ["unknown option", ["status", "--unsafe-no-cas"]],
    ["misspelt option", ["status", "--formt", "json"]],
    ["missing argument", ["promote", "v20261121.120000-abc1234"]],
    ["missing option value", ["log", "prod", "--limit"]],
    ["--next and --to", ["rollout", "prod", "--next", "--to", "5"]],
    // Read before building: nothing is built, tested or written when the key cannot be read.
    ["unreadable verify key", ["publish", "--build", "--verify-key", "/nonexistent/k.pub"]],
  ];
  it.each(cases)("%s", { timeout: 30_000 }, async (_name, args, env) => {
    const r = await flagctl(dir, [...args, ...unreachable], env);
    // The parser's own errors too: one `flagctl:` line and a hint, like every other failure.
    oneLineFailure(r, 2);
  });

  it("the same for eval, test and diff, which read no store", { timeout: 60_000 }, async () => {
    for (const args of [
      ["eval", "--all", "--env", "moon"],
      ["diff", "moon", "prod"],
      ["test", "--timeout", "0x10"],
      ["test", "--timeout", "0"],
      ["test", "--now", "next tuesday"],
      ["test", "--now", "2026-13-45"],
    ]) {
      const r = await flagctl(dir, args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
    }
  });

  it("conflicting or unreadable arguments of eval and diff: one line and a hint", { timeout: 60_000 }, async () => {
    for (const args of [
      ["eval", "x", "--all", "--env", "prod"],
      ["eval", "--all", "--env", "prod", "--contexts", "/nonexistent.jsonl", "--explain"],
      ["diff", "dev", "prod", "--sample", "/nonexistent.jsonl"],
    ]) {
      oneLineFailure(await flagctl(dir, args), 2);
    }
  });

  it("every command reports an unknown environment with the same code", { timeout: 60_000 }, async () => {
    const codes = new Set<string>();
    for (const args of [["status", "moon"], ["log", "moon"], ["rollout", "moon"], ["rollback", "moon"], ["promote", "v20261121.120000-abc1234", "moon"], ["eval", "--all", "--env", "moon"], ["diff", "moon", "prod"], ["diff", "moon@deployed", "prod"]]) {
      const r = await flagctl(dir, [...args, "--format", "json", ...(args[0] === "eval" || (args[0] === "diff" && args[1] === "moon") ? [] : unreachable)]);
      expect(r.code).toBe(2);
      codes.add(JSON.parse(r.stdout).error.code);
    }
    expect([...codes]).toEqual(["E_UNKNOWN_ENV"]);
  });
});

describe("--format json errors", () => {
  it("print { error: { code, message, hint } } on stdout as well as the line on stderr", { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "flagctl.yaml"), "project: p\nenvironments: [dev, prod]\ncontext:\n  user: string\n");
    const cases: [string[], string][] = [
      [["status", "--format", "json"], "E_USAGE"], // no store
      [["rollout", "prod", "--to", "0x14", "--format", "json"], "E_USAGE"],
      [["status", "--format", "json", "--no-such-option"], "E_USAGE"],
      [["promote", "v20261121.120000-abc1234", "prod", "--format", "json", "--store", pathToFileURL(join(dir, "s")).href], "E_NO_SUCH_RELEASE"],
      [["eval", "nope", "--env", "prod", "--format", "json"], "E_UNKNOWN_FLAG"],
      [["keygen", "--out", join(dir, "missing/dir/k"), "--format", "json"], "E_USAGE"],
      [["init", join(dir, "flagctl.yaml"), "--format", "json"], "E_INIT_NOT_DIR"],
      [["build", "--format", "json", "--cwd", tempDir()], "E_NO_PROJECT"],
    ];
    for (const [args, code] of cases) {
      const r = await flagctl(dir, args);
      expect(r.code, r.stderr).toBeGreaterThanOrEqual(1);
      expect(r.code).toBeLessThanOrEqual(4);
      const body = JSON.parse(r.stdout);
      expect(Object.keys(body)).toEqual(["error"]);
      expect(body.error.code, args.join(" ")).toBe(code);
      expect(typeof body.error.message).toBe("string");
      expect(body.error).toHaveProperty("hint");
    }
  });

  it("init and keygen take --format json", { timeout: 60_000 }, async () => {
    const dir = join(tempDir(), "repo");
    const i = await flagctl(tempDir(), ["init", dir, "--format", "json"]);
    expect(i.code, i.stderr).toBe(0);
    expect(JSON.parse(i.stdout).files).toContain(".gitignore");
    const k = await flagctl(dir, ["keygen", "--format", "json", "--out", join(tempDir(), "k")]);
    expect(k.code, k.stderr).toBe(0);
    expect(Object.keys(JSON.parse(k.stdout)).sort()).toEqual(["privateKey", "publicKey"]);
  });
});

describe("a newcomer's first release is clean", () => {
  it("init writes a .gitignore; keygen's key is ignored; the build is not -dirty", { timeout: 120_000 }, async () => {
    const repo = tempGitRepo("flagctl-newcomer-");
    expect((await flagctl(repo.dir, ["init"])).code).toBe(0);
    expect(readFileSync(join(repo.dir, ".gitignore"), "utf8")).toMatch(/^\.flagctl\/$/m);
    repo.commit("init");
    const k = await flagctl(repo.dir, ["keygen"]);
    expect(k.code, k.stderr).toBe(0);
    const b = await flagctl(repo.dir, ["build", "--offline", "--sign-key", "flagctl-signing.key", "--format", "json"]);
    expect(b.code, b.stderr).toBe(0);
    const built = JSON.parse(b.stdout);
    // The public key is meant to be committed; the private key and .flagctl/ are ignored, so only it shows.
    expect(built.dirtyFiles).toEqual(["flagctl-signing.pub"]);
    repo.commit("public key");
    const clean = JSON.parse((await flagctl(repo.dir, ["build", "--offline", "--sign-key", "flagctl-signing.key", "--format", "json"])).stdout);
    expect(clean.version).not.toMatch(/-dirty$/);
    expect(repo.git("ls-files")).not.toContain(".key");
  });

  it("init keeps an existing .gitignore and adds only the missing entries", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n*.key");
    const r = await flagctl(dir, ["init"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^node_modules\/\n\*\.key\n# flagctl[^\n]*\n\.flagctl\/\n$/);
  });

  it("keygen refuses to write a private key a commit would pick up", { timeout: 60_000 }, async () => {
    const repo = tempGitRepo("flagctl-keygen-");
    const r = await flagctl(repo.dir, ["keygen", "--out", "signing"]);
    oneLineFailure(r, 2);
    expect(r.stderr).toContain(".gitignore");
    expect(readdirSync(repo.dir)).toEqual([".git"]);
    repo.write({ ".gitignore": "*.key\n" });
    expect((await flagctl(repo.dir, ["keygen", "--out", "signing"])).code).toBe(0);
  });

  it("a dirty build names what makes it dirty, and so does publish's refusal", { timeout: 60_000 }, async () => {
    const repo = await initRepo();
    repo.write({ "scratch.txt": "x" });
    const b = await flagctl(repo.dir, ["build", "--offline"]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/-dirty \(work tree has uncommitted changes: \?\? scratch\.txt\)/);
    const p = await flagctl(repo.dir, ["publish", "--build", "--offline", "--store", pathToFileURL(tempDir()).href]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain("scratch.txt");
  });
});

describe("build finds its parent in the configured store", () => {
  it("build without --store uses flagctl.yaml's store, matching publish --build byte for byte", { timeout: 120_000 }, async () => {
    const repo = await initRepo({ store: true });
    const p1 = await flagctl(repo.dir, ["publish", "--build", "--offline", "--format", "json"]);
    expect(p1.code, p1.stderr).toBe(0);
    const v1 = JSON.parse(p1.stdout).version;
    // Versions order by commit time (seconds): the next commit must be a later second to have v1 as parent.
    await new Promise((r) => setTimeout(r, 1100));
    repo.write({ "flags/extra.yaml": "description: extra\nowner: \"@x/y\"\nkind: ops\ndefault: false\nenvironments: {}\n" });
    repo.commit("extra flag");

    const b = await flagctl(repo.dir, ["build", "--format", "json"]);
    expect(b.code, b.stderr).toBe(0);
    const built = JSON.parse(b.stdout);
    expect(built.parent).toBe(v1);
    const manifest = readFileSync(join(built.dir, "manifest.json"));

    const p2 = await flagctl(repo.dir, ["publish", "--build", "--offline", "--format", "json"]);
    expect(p2.code, p2.stderr).toBe(0);
    const stored = readFileSync(join(repo.dir, ".flagctl/store/releases", built.version, "manifest.json"));
    expect(stored.equals(manifest)).toBe(true);

    const log = await flagctl(repo.dir, ["log", "dev"]);
    expect(log.code).toBe(0);
    const offline = JSON.parse((await flagctl(repo.dir, ["build", "--offline", "--format", "json", "--out", join(tempDir(), "b")])).stdout);
    expect(offline.parent).toBeNull();
  });
});

describe("--unsafe-no-cas is offered only by commands that write", () => {
  it("help", { timeout: 60_000 }, async () => {
    const help = async (cmd: string) => (await flagctl(tempDir(), [cmd, "--help"])).stdout.includes("--unsafe-no-cas");
    const writers = ["publish", "promote", "rollout", "rollback"];
    const readers = ["status", "log", "diff", "build"];
    expect(await Promise.all(writers.map(help))).toEqual(writers.map(() => true));
    expect(await Promise.all(readers.map(help))).toEqual(readers.map(() => false));
  });
});

describe("docs stand alone", () => {
  it("no page points at sections of a SPEC.md the repo does not contain", () => {
    const root = join(import.meta.dirname, "..");
    const pages = ["README.md", "DEVELOPERS.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    for (const page of pages) expect(readFileSync(join(root, page), "utf8"), page).not.toMatch(/SPEC\s*(section|§)|§\s*\d/);
  });
});
