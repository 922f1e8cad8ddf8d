// Black-box runs of `flagctl eval` (npm run build first) against this repo's example config and temp repos.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsFlag, writeRepo } from "./helpers/tempRepo.js";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/flagctl.js");
const tmp = mkdtempSync(join(tmpdir(), "flagctl-eval-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/commands/eval.js"))) throw new Error("dist/ is missing: run `npm run build` first");
});

function flagctl(args: string[], cwd = ROOT) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const PROD = ["--env", "prod", "--static", "host=web-12", "--static", "region=us-east-1"];
const flagCount = readdirSync(join(ROOT, "flags"), { recursive: true }).filter((f) => String(f).endsWith(".yaml")).length;

describe("flagctl eval", () => {
  it("evaluates one flag: key, value and reason with the rule name", () => {
    const r = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "user=U024BE7LD", "--ctx", "team=T024BE7LD"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^checkout\.new-flow\s+true\s+RULE_MATCH rule 0 "launch partners"$/);
  });

  it("--all --format json gives every flag with value, variation and reason", () => {
    const r = flagctl(["eval", "--all", ...PROD, "--ctx-json", '{"user":"U024BE7LD","country":"US"}', "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.results)).toHaveLength(flagCount);
    expect(doc.env).toBe("prod");
    expect(doc.static).toEqual({ host: "web-12", region: "us-east-1", env: "prod" });
    expect(doc.results["checkout.new-flow"]).toEqual({ value: false, variation: "false", reason: { kind: "SPLIT", bucket: 35952 } });
    expect(doc.results["checkout.paypal"]).toEqual({ value: true, variation: "true", reason: { kind: "STATIC" } });
  });

  it("--explain shows the rules tried, the failed condition with the value seen, the bucket and the serving range", () => {
    const r = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "user=U024BE7LD", "--ctx", "country=US", "--explain"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rule 1 "card vaulting not approved there yet": no match');
    expect(r.stdout).toMatch(/✗ country in \[CN, RU\]\s+\(got "US"\)/);
    expect(r.stdout).toContain("✗ team in [T024BE7LD, T0ABCDEF1]  (attribute missing)");
    expect(r.stdout).toContain('split by user = "U024BE7LD" (salt "checkout.new-flow"): bucket 35952 of 100000');
    expect(r.stdout).toMatch(/false: buckets \[25000, 100000\) = 75%\s+<- bucket 35952 is here/);
  });

  it("--explain --format json carries the engine's steps", () => {
    const r = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "user=U024BE7LD", "--explain", "--format", "json"]);
    const steps = JSON.parse(r.stdout).explain["checkout.new-flow"];
    expect(steps.find((s: { kind: string }) => s.kind === "split")).toMatchObject({ bucket: 35952, served: { variation: "false", from: 25000, to: 100000 } });
  });

  it("--contexts evaluates each JSONL line and writes one result line per context", () => {
    const file = join(tmp, "ctx.jsonl");
    const contexts = [{ user: "U024BE7LD", team: "T024BE7LD" }, { user: "U04CD8EF5", country: "US" }, { user: "U04CD8EF5", country: "CN" }];
    writeFileSync(file, contexts.map((c) => JSON.stringify(c)).join("\n") + "\n\n");
    const r = flagctl(["eval", "checkout.new-flow", "checkout.paypal", ...PROD, "--contexts", file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.context)).toEqual(contexts);
    expect(lines.map((l) => l.results["checkout.new-flow"].value)).toEqual([true, true, false]);
    expect(lines[1].results["checkout.new-flow"]).toEqual({ value: true, variation: "true", reason: { kind: "SPLIT", bucket: 9378 } });
    // One process agrees with a single evaluation.
    const single = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "user=U04CD8EF5", "--ctx", "country=CN", "--format", "json"]);
    expect(JSON.parse(single.stdout).results["checkout.new-flow"]).toEqual(lines[2].results["checkout.new-flow"]);
    // --all: every flag per line, the same records as a single --all evaluation.
    const all = flagctl(["eval", "--all", ...PROD, "--contexts", file]);
    const allLines = all.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(allLines).toHaveLength(3);
    expect(Object.keys(allLines[2].results)).toHaveLength(flagCount);
    const one = flagctl(["eval", "--all", ...PROD, "--ctx-json", JSON.stringify(contexts[2]), "--format", "json"]);
    expect(JSON.parse(one.stdout).results).toEqual(allLines[2].results);
  });

  it("a bad JSONL line is a usage error naming file:line, with nothing printed", () => {
    const file = join(tmp, "bad.jsonl");
    writeFileSync(file, '{"user":"U1"}\n{"user": U2}\n');
    const r = flagctl(["eval", "checkout.new-flow", ...PROD, "--contexts", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:2: not valid JSON`);
  });

  it("bad --ctx: undeclared, badly typed, static", () => {
    const undeclared = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "cuntry=US"]);
    expect(undeclared.code).toBe(2);
    expect(undeclared.stderr).toContain("attribute `cuntry` is not declared in flagctl.yaml (did you mean `country`?)");
    const typed = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "orgSize=many"]);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("--ctx orgSize=many: not a number");
    const plan = flagctl(["eval", "checkout.new-flow", ...PROD, "--ctx", "plan=gold"]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain("not one of free, pro, enterprise");
    const stat = flagctl(["eval", "checkout.new-flow", "--env", "prod", "--ctx", "host=web-1"]);
    expect(stat.code).toBe(2);
    expect(stat.stderr).toContain("`host` is a static attribute");
    expect(flagctl(["eval", "checkout.new-flow", "--env", "prod", "--static", "user=U1"]).code).toBe(2);
    expect(flagctl(["eval", "checkout.new-flow", "--env", "prod", "--ctx-json", "[1]"]).code).toBe(2);
  });

  it("typed --ctx values reach the engine typed", () => {
    const r = flagctl(["eval", "--all", ...PROD, "--ctx", "user=U1", "--ctx", "orgSize=5000", "--ctx", "beta=true", "--format", "json"]);
    expect(r.code).toBe(0);
    const errors = Object.entries(JSON.parse(r.stdout).results).filter(([, v]) => (v as { reason: { errorCode?: string } }).reason.errorCode === "INVALID_CONTEXT");
    expect(errors).toEqual([]);
  });

  it("an unknown flag exits 1 with a did-you-mean; an unknown env exits 2", () => {
    const r = flagctl(["eval", "checkout.new-flwo", "--env", "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown flag `checkout.new-flwo` (did you mean `checkout.new-flow`?)");
    const e = flagctl(["eval", "checkout.new-flow", "--env", "prdo"]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("did you mean `prod`?");
    expect(flagctl(["eval", "--env", "prod"]).code).toBe(2);
  });

  it("refuses an invalid config with its diagnostics, exit 1", () => {
    const dir = writeRepo({ "flags/a/x.yaml": opsFlag(`    serve: { rollout: { true: 30, false: 30 } }\n`) }, join(tmp, "invalid"));
    const r = flagctl(["eval", "a.x", "--env", "prod", "--cwd", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("flags/a/x.yaml:");
    expect(r.stdout).toMatch(/error/);
  });
});
