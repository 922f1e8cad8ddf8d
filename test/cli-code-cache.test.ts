// The executable (bin/flagctl.js, dist/bin.cjs) runs the bundled CLI with the V8 code cache the build wrote (dist/cli.cjs.cache). V8 itself checks
// a cache only against the source's length, its version and flags: a damaged cache could crash the process or
// run the wrong code, and an edited bundle of the same length would run the old code. The loader seals the
// cache with a sha256 of bundle and cache; these tests damage a copy of dist/ and check the CLI still answers
// correctly (compiling from source), and that the real cache is accepted.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireFreshDist, ROOT } from "./helpers/dist.js";
import { opsFlag, writeRepo } from "./helpers/tempRepo.js";

let pkg: string;
const run = (args: string[], env: Record<string, string> = {}, cwd = ROOT) =>
  spawnSync(process.execPath, [join(pkg, "bin/flagctl.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });

beforeAll(() => {
  requireFreshDist();
  pkg = mkdtempSync(join(tmpdir(), "flagctl-code-cache-"));
  for (const d of ["bin", "dist", "schemas"]) cpSync(join(ROOT, d), join(pkg, d), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));
});
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe("the CLI's code cache", () => {
  it("is accepted as built (the build step fails otherwise) and the CLI works with it", () => {
    // FLAGCTL_WRITE_CODE_CACHE makes the loader say when it could not use the cache (and rewrite it: a copy).
    const r = run(["validate"], { FLAGCTL_WRITE_CODE_CACHE: "1" });
    expect(r.stderr).not.toContain("rejected");
    expect(r.status).toBe(0);
  });

  it("is ignored, not run, when damaged: every command still answers correctly", () => {
    const cache = join(pkg, "dist/cli.cjs.cache");
    const good = readFileSync(cache);
    const want = run(["validate", "--format", "json"]).stdout;
    for (const at of [40, 1000, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 10]) {
      const bad = Buffer.from(good);
      for (let i = 0; i < 8; i++) bad[at + i] ^= 0xff;
      writeFileSync(cache, bad);
      const v = run(["--version"]);
      expect(v.status, `damage at ${at}: ${v.stderr}`).toBe(0);
      const r = run(["validate", "--format", "json"]);
      expect(r.status, `damage at ${at}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe(want);
    }
    writeFileSync(cache, good);
  });

  it("does not hide an edit to the bundle that keeps its length", () => {
    const bundle = join(pkg, "dist/cli.cjs");
    const text = readFileSync(bundle, "utf8");
    expect(text).toContain("no problems");
    writeFileSync(bundle, text.replace("no problems", "NO PROBLEMS"));
    expect(run(["validate"]).stdout).toContain("NO PROBLEMS");
    writeFileSync(bundle, text);
  });

  it("a run that never settles (a bug: its work gone from the event loop) fails with exit 13 and one line, not a silent 0", () => {
    const bundle = join(pkg, "dist/cli.cjs");
    const text = readFileSync(bundle, "utf8");
    writeFileSync(bundle, `${text}\nmodule.exports = { run: () => new Promise(() => {}) };\n`);
    try {
      const r = run(["validate"]);
      expect(r.status).toBe(13);
      expect(r.stderr).toBe("flagctl: internal error: the command stopped before it finished\n");
    } finally {
      writeFileSync(bundle, text);
    }
  });

  it("the CLI has the build-time schema code in its bundle; the library falls back to compiling the schemas when dist/schemas.standalone.cjs is damaged", () => {
    const file = join(pkg, "dist/schemas.standalone.cjs");
    const good = readFileSync(file);
    const want = run(["validate", "--format", "json"]).stdout;
    // The library (dist/app/index.js) reads the file, and must not use a damaged one.
    const library = () =>
      spawnSync(
        process.execPath,
        ["--input-type=module", "-e", `const { checkWorkingTree } = await import(${JSON.stringify(pathToFileURL(join(pkg, "dist/app/index.js")).href)}); const c = await checkWorkingTree(${JSON.stringify(ROOT)}); console.log(JSON.stringify(c.diagnostics), c.result.repo.flags.size);`],
        { encoding: "utf8" },
      );
    const wantLibrary = library();
    expect(wantLibrary.status, wantLibrary.stderr).toBe(0);
    expect(wantLibrary.stdout).toMatch(/^\[\] [1-9]/);
    writeFileSync(file, good.subarray(0, 5000));
    try {
      const r = run(["validate", "--format", "json"]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(want);
      const l = library();
      expect(l.status, l.stderr).toBe(0);
      expect(l.stdout).toBe(wantLibrary.stdout);
    } finally {
      writeFileSync(file, good);
    }
  });

  it("a cache written after `test` failed, matched nothing or stopped on an error is still accepted (the start-up budget is back)", () => {
    // `test` runs the golden tests under V8's default budget; a cache written under it would be rejected by the
    // next command, which runs under the start-up budget.
    const repo = writeRepo({
      "flags/ops/a.yaml": opsFlag("    serve: true\n"),
      "flags/ops/model.yaml": 'description: d\nowner: "@t"\nkind: ops\ntype: string\ndefault: "s3://bucket/model.bin"\nchecks:\n  - url-exists: ""\nenvironments: {}\n',
      "tests/a.yaml": "tests:\n  - name: wrong on purpose\n    env: prod\n    context: { user: u1 }\n    expect: { ops.a: false }\n",
    });
    const write = { FLAGCTL_WRITE_CODE_CACHE: "1" };
    try {
      const steps: [string[], Record<string, string>, number][] = [
        [["test", "--offline"], write, 1],
        [["test", "--offline", "--filter", "matches-nothing"], write, 0],
        [["test"], { ...write, FLAGCTL_S3_ENDPOINT: "not-a-url" }, 2], // thrown by the url check, inside the test run
      ];
      for (const [args, env, status] of steps) {
        const r = run(args, env, repo);
        expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(status);
        const next = run(["validate"], write, repo);
        expect(next.stderr, `after ${args.join(" ")}`).not.toContain("rejected");
        expect(next.status).toBe(0);
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
