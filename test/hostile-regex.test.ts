// Hostile regexes and globs: a pattern that makes a backtracking engine take seconds per match must not take a
// service down, and validate refuses what the linear-time engine cannot run, at the pattern's line.
// Black-box through the built CLI for validate and eval; the shared evaluator directly for the SDK path.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileGlob, compileRegex } from "../src/core/eval/regex.js";
import { lintFiles } from "./lint/fixtures.js";
import { engine, when } from "./helpers/engine.js";
import { opsFlag, writeRepo } from "./helpers/tempRepo.js";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
const flagctl = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const ruleOn = (cond: string) => `    rules:\n      - if: ${cond}\n        serve: true\n    serve: false\n`;

describe("regex conditions run in linear time", () => {
  it("eval of ^(a+)+$ against 31 a's and a '!' answers at once (V8's RegExp takes ~40 s)", { timeout: 30_000 }, () => {
    const dir = writeRepo({ "flags/ops/evil.yaml": opsFlag(ruleOn('{ user: { regex: "^(a+)+$" } }')) });
    expect(flagctl(["validate"], dir).code).toBe(0);
    const r = flagctl(["eval", "ops.evil", "--env", "prod", "--ctx", `user=${"a".repeat(31)}!`, "--format", "json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('"value":false');
    const hit = flagctl(["eval", "ops.evil", "--env", "prod", "--ctx", `user=${"a".repeat(31)}`, "--format", "json"], dir);
    expect(JSON.stringify(JSON.parse(hit.stdout))).toContain('"value":true');
  });

  it("globs with many stars are linear too", { timeout: 30_000 }, () => {
    // `*a*a*a*a*b` as a backtracking RegExp takes seconds on 100 a's, and minutes on 400.
    expect(compileGlob("*a*a*a*a*b").test("a".repeat(100_000))).toBe(false);
    expect(compileGlob("web-canary-?").test("web-canary-7")).toBe(true);
    expect(compileGlob("a.b*").test("axb")).toBe(false);
    expect(compileGlob("*").test("line\nbreak")).toBe(true);
  });

  it("keeps JavaScript's meaning for the patterns both engines accept", () => {
    const cases: [string, string, boolean][] = [
      ["^(noreply|no-reply)@", "noreply@acme.com", true],
      ["^(admin|ops)-[0-9]+$", "ops-12", true],
      ["^(admin|ops)-[0-9]+$", "ops-12x", false],
      ["\\u00e9", "café", true],
      ["(?<team>T\\d+)", "team T42", true],
      ["a/b", "xa/by", true],
      ["^\\d{3}$", "123", true],
    ];
    for (const [p, v, want] of cases) {
      const re = compileRegex(p);
      expect(typeof re, p).toBe("object");
      expect((re as { test(s: string): boolean }).test(v), `${p} ~ ${v}`).toBe(want);
      expect(new RegExp(p).test(v)).toBe(want);
    }
  });
});

describe("validate refuses what the engine cannot run (FLAG039 / SEG039)", () => {
  it("backreferences and lookaround, with file:line, through the CLI", { timeout: 30_000 }, () => {
    const dir = writeRepo({
      "flags/ops/backref.yaml": opsFlag(ruleOn('{ user: { regex: "^(a)\\\\1$" } }')),
      "flags/ops/look.yaml": opsFlag(ruleOn('{ user: { regex: "^(?!admin)" } }')),
      "segments/behind.yaml": 'if: { user: { regex: "(?<=x)y" } }\n',
      "flags/ops/uses.yaml": opsFlag(ruleOn("{ segment: behind }")),
    });
    const r = flagctl(["validate", "--format", "json"], dir);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout).diagnostics ?? JSON.parse(r.stdout);
    const found = (diags as { code: string; file: string; line: number; message: string }[]).filter((d) => /039$/.test(d.code));
    expect(found.map((d) => [d.code, d.file, d.line])).toEqual([
      ["FLAG039", "flags/ops/backref.yaml", 9],
      ["FLAG039", "flags/ops/look.yaml", 9],
      ["SEG039", "segments/behind.yaml", 1],
    ]);
    expect(found[0].message).toContain("backreferences");
    expect(found[1].message).toContain("lookahead");
    const text = flagctl(["validate"], dir);
    expect(text.stdout + text.stderr).toMatch(/flags\/ops\/backref\.yaml:9:\d+.*FLAG039/);
  });

  it("an invalid JavaScript regex stays FLAG034 only", () => {
    const { diagnostics } = lintFiles({ "flags/x.yaml": opsFlag(ruleOn('{ user: { regex: "([" } }')) });
    expect(diagnostics.map((d) => d.code).filter((c) => /03[49]$/.test(c))).toEqual(["FLAG034"]);
  });
});

describe("one engine everywhere", () => {
  it("the shared evaluation path (compileEnv → specialise, what eval, test, the SDK and the agent run) is linear", () => {
    const ev = engine({ f: when({ email: { regex: "^(a+)+$" } }), g: when({ email: { regex: "(a)\\1" } }), h: when({ email: { glob: "*a*a*a*a*b" } }) });
    const value = `${"a".repeat(50_000)}!`;
    expect(ev.evaluate("f", { email: value }).value).toBe(false);
    expect(ev.evaluate("f", { email: "aaa" }).value).toBe(true);
    expect(ev.evaluate("h", { email: value }).value).toBe(false);
    // A release built anyway from a pattern the engine cannot run: an ERROR, never a slow match.
    expect(ev.evaluate("g", { email: "aa" })).toMatchObject({ reason: { kind: "ERROR", errorCode: "GENERAL" } });
  });
});
