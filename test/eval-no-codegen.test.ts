// evaluateAll and evaluateList generate code on first use; a process started with
// --disallow-code-generation-from-strings (some hardened hosts) must get the same results from the loops they
// fall back to. A real child process with that flag loads a release file, as the runtime does.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson, compileEnv } from "../src/core/index.js";
import { context, when } from "./helpers/engine.js";
import { project, repo } from "./helpers/model.js";
import { ROOT } from "./helpers/dist.js";

const dir = mkdtempSync(path.join(tmpdir(), "flagctl-nocodegen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("evaluation without code generation from strings", () => {
  it("evaluateAll and evaluateList agree with evaluate, for contexts that fault too", () => {
    const built = (f: string) => statSync(path.join(ROOT, f)).mtimeMs;
    expect(built("dist/core/eval/closures.js"), "run `npm run build` first (npm test does)").toBeGreaterThanOrEqual(built("src/core/eval/closures.ts"));
    const flags = {
      a: when({ age: { gt: 18 } }),
      b: when({ country: "DE" }),
      c: when({ flag: { b: true } }),
      r: { type: "string" as const, default: "off", variations: { off: "off", x: "x", y: "y" }, environments: { prod: { rules: [{ if: { country: "FR" }, serve: "x" }], serve: { rollout: { x: 30, y: 70 } } } } },
      s: { default: true },
    };
    const file = path.join(dir, "prod.json");
    writeFileSync(file, canonicalJson(compileEnv(repo(project(context as never), flags), "prod")));
    const contexts = [{ country: "DE", age: 40, user: "u1" }, { country: "FR", age: "old", user: "u2" }, { age: 12 }];
    const script = `
      const { readFileSync } = await import("node:fs");
      const { loadEnvModel } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, "dist/core/compile/index.js")).href)});
      const { specialise } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, "dist/core/eval/index.js")).href)});
      let codegen = true;
      try { new Function("return 1"); } catch { codegen = false; }
      const ev = specialise(loadEnvModel(JSON.parse(readFileSync(${JSON.stringify(file)}, "utf8"))).model, {}, { version: "v1" });
      const out = ${JSON.stringify(contexts)}.map((ctx) => ({ all: ev.evaluateAll(ctx), list: ev.evaluateList(ctx), one: ev.keys.map((k) => ev.evaluate(k, ctx)) }));
      process.stdout.write(JSON.stringify({ codegen, out }));
    `;
    const run = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const { codegen, out } = JSON.parse(run.stdout);
    expect(codegen).toBe(false);
    for (const { all, list, one } of out) {
      expect(list).toEqual(one);
      expect(Object.keys(all)).toEqual(["a", "b", "c", "r", "s"]);
      expect(Object.values(all)).toEqual(one);
    }
    expect(out[1].all.a.reason).toMatchObject({ kind: "ERROR", errorCode: "INVALID_CONTEXT" });
    expect(out[2].all.r.reason).toMatchObject({ kind: "ERROR", errorCode: "TARGETING_KEY_MISSING" });
  });
});
