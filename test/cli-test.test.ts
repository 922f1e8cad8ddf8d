// Black-box runs of `flagctl test` (npm run build first): this repo's own tests, and temp repos that fail.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "./helpers/s3server.js";
import { opsFlag, writeRepo } from "./helpers/tempRepo.js";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/flagctl.js");
const tmp = mkdtempSync(join(tmpdir(), "flagctl-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/commands/test.js"))) throw new Error("dist/ is missing: run `npm run build` first");
});

function flagctl(args: string[], cwd = ROOT) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
let n = 0;
const repo = (files: Record<string, string>) => writeRepo(files, join(tmp, `r${n++}`));

const BETA = opsFlag(`    rules:\n      - name: big teams\n        if: { seats: { gte: 100 } }\n        serve: true\n    serve: { rollout: { true: 30, false: 70 } }\n`);
const FAILING = `tests:
  - name: big teams get it
    env: prod
    context: { user: u1, seats: 500 }
    expect: { a.beta: true }
  - name: small teams do not
    env: prod
    context: { user: u1, seats: 5 }
    expect: { a.beta: true }
  - name: half of everyone
    env: prod
    flag: a.beta
    population: { size: 4000, vary: user }
    expect: { share: { true: 50 }, tolerance: 1 }
`;

describe("flagctl test", () => {
  it("this repo's own tests pass", () => {
    // --offline: URL checks the example may grow must not make this suite depend on the internet.
    const r = flagctl(["test", "--offline"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const m = r.stdout.match(/^(\d+) passed, 0 failed(, \d+ skipped)?$/m);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(50);
  });

  it("a failing exact test prints file:line, expected vs actual with the reason; a population failure its shares; exit 1", () => {
    const dir = repo({ "flags/a/beta.yaml": BETA, "tests/t.yaml": FAILING });
    const r = flagctl(["test", "--cwd", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL tests/t.yaml:6  small teams do not [prod]");
    expect(r.stdout).toMatch(/a\.beta: expected true, got false — SPLIT bucket \d+, fallthrough/);
    expect(r.stdout).toContain("FAIL tests/t.yaml:10  half of everyone [prod]");
    expect(r.stdout).toMatch(/a\.beta = true: expected 50% ± 1, got 3\d(\.\d+)?% of 4000 units varying user/);
    expect(r.stdout).not.toContain("big teams get it");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("1 passed, 2 failed");
  });

  it("--format json is an array of results", () => {
    const dir = repo({ "flags/a/beta.yaml": BETA, "tests/t.yaml": FAILING });
    const r = flagctl(["test", "--cwd", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { status: string }) => x.status)).toEqual(["passed", "failed", "failed"]);
    expect(results[1]).toMatchObject({ kind: "exact", file: "tests/t.yaml", line: 6, env: "prod", expectations: [{ flag: "a.beta", expected: true, actual: false, passed: false }] });
    expect(results[2]).toMatchObject({ kind: "population", flag: "a.beta", size: 4000, vary: "user" });
  });

  it("--format github annotates each failure", () => {
    const dir = repo({ "flags/a/beta.yaml": BETA, "tests/t.yaml": FAILING });
    const r = flagctl(["test", "--cwd", dir, "--format", "github"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=tests\/t\.yaml,line=6,col=\d+,title=test failed%3A small teams do not::a\.beta: expected true, got false/);
    expect(lines.at(-1)).toBe("1 passed, 2 failed");
  });

  it("--filter runs only matching tests", () => {
    const dir = repo({ "flags/a/beta.yaml": BETA, "tests/t.yaml": FAILING });
    const r = flagctl(["test", "--cwd", dir, "--filter", "big teams"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("1 passed, 0 failed");
  });

  it("checks: --offline skips them and says so; online an unreachable URL fails (exit 1)", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/banner.png`;
    const dir = repo({
      "flags/a/banner.yaml": `description: d\nowner: "@t"\nkind: ops\ntype: string\ndefault: "${url}"\nchecks:\n  - url-exists: ""\nenvironments:\n  prod: "${url}"\n`,
      "tests/t.yaml": `tests:\n  - { name: banner, env: prod, expect: { a.banner: "${url}" } }\n`,
    });
    const off = flagctl(["test", "--cwd", dir, "--offline"]);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain("SKIP flags/a/banner.yaml:7  a.banner: url-exists");
    expect(off.stdout).toContain("skipped (--offline)");
    expect(off.stdout.trimEnd().split("\n").at(-1)).toBe("1 passed, 0 failed, 1 skipped");
    const on = flagctl(["test", "--cwd", dir, "--timeout", "500"]);
    expect(on.code).toBe(1);
    expect(on.stdout).toContain(`${url}: cannot reach: ECONNREFUSED`);
    expect(on.stdout.trimEnd().split("\n").at(-1)).toBe("1 passed, 1 failed");
  });

  it("--now sets the clock for tests without now in their context", () => {
    const dir = repo({
      "flags/a/launch.yaml": opsFlag(`    rules:\n      - if: { now: { after: "2027-01-01T00:00:00Z" } }\n        serve: true\n    serve: false\n`),
      "tests/t.yaml": `tests:\n  - { name: launched, env: prod, expect: { a.launch: true } }\n`,
    });
    expect(flagctl(["test", "--cwd", dir, "--now", "2027-03-01T00:00:00Z"]).code).toBe(0);
    expect(flagctl(["test", "--cwd", dir, "--now", "2026-03-01T00:00:00Z"]).code).toBe(1);
    expect(flagctl(["test", "--cwd", dir, "--now", "soon"]).code).toBe(2);
  });

  it("an invalid config is refused with its diagnostics before any test runs", () => {
    const dir = repo({ "flags/a/beta.yaml": BETA, "tests/t.yaml": `tests:\n  - { name: x, env: prod, expect: { a.bta: true } }\n` });
    const r = flagctl(["test", "--cwd", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("TEST002");
    expect(r.stdout).not.toMatch(/passed, /);
    const broken = repo({ "flagctl.yaml": "project: [\n" });
    expect(flagctl(["test", "--cwd", broken]).code).toBe(2);
  });
});
