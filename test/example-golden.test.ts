// The example repo's golden tests (tests/*.yaml) run through the engine: every exact expectation holds and
// every population share is within tolerance. (`flagctl test` renders these; this checks the engine.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { bucket, canonicalJson, compileRepo, loadEnvModel, specialise } from "../src/core/index.js";
import { repoFromFiles } from "./helpers/repo.js";

const root = join(import.meta.dirname, "..");
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files: Record<string, string> = { "flagctl.yaml": readFileSync(join(root, "flagctl.yaml"), "utf8") };
for (const d of ["flags", "segments", "tests"]) {
  for (const p of walk(join(root, d))) if (/\.ya?ml$/.test(p)) files[relative(root, p).replaceAll("\\", "/")] = readFileSync(p, "utf8");
}
// Schema files referenced by json flags.
for (const p of walk(join(root, "config-schemas"))) files[relative(root, p).replaceAll("\\", "/")] = readFileSync(p, "utf8");

const { repo } = repoFromFiles(files);
const models = compileRepo(repo);
const now = () => Date.parse("2026-11-21T12:00:00Z");

describe("example repo golden tests through the engine", () => {
  it("has tests", () => expect(repo.tests.length).toBeGreaterThan(20));
  for (const t of repo.tests) {
    it(`${t.file}: ${t.name}`, () => {
      const ev = specialise(models[t.env], t.static, { now });
      if (t.kind === "exact") {
        for (const [key, want] of Object.entries(t.expect)) {
          const r = ev.evaluate(key, t.context);
          expect(ev.explain(key, t.context).result).toEqual(r);
          const ok = JSON.stringify(r.value) === JSON.stringify(want) || r.variation === want;
          expect(ok, `${key}: got ${JSON.stringify(r.value)} (${JSON.stringify(r.reason)}), want ${JSON.stringify(want)}`).toBe(true);
        }
      } else {
        const counts = new Map<string, number>();
        for (let i = 0; i < t.population.size; i++) {
          const r = ev.evaluate(t.flag, { ...t.context, [t.population.vary]: `unit-${i}` });
          counts.set(r.variation ?? "", (counts.get(r.variation ?? "") ?? 0) + 1);
        }
        for (const [variation, share] of Object.entries(t.share)) {
          const got = ((counts.get(variation) ?? 0) * 100) / t.population.size;
          expect(Math.abs(got - share), `${variation}: ${got}% vs ${share}%`).toBeLessThanOrEqual(t.tolerance);
        }
      }
    });
  }
  it("every env compiles to a model loadEnvModel accepts, byte-identical on a second compile", () => {
    const again = compileRepo(repoFromFiles(files).repo);
    for (const env of repo.project.environments) {
      const text = canonicalJson(models[env]);
      expect(canonicalJson(again[env])).toBe(text);
      expect(loadEnvModel(JSON.parse(text))).toMatchObject({ ok: true });
    }
  });

  it("bucket comments in tests/checkout.yaml are right", () => {
    expect(bucket("checkout.new-flow", "U024BE7LD")).toBe(35952);
    expect(bucket("checkout.new-flow", "U04CD8EF5")).toBe(9378);
  });
});
