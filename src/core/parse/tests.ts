import type { FlagValue, GoldenTest, JsonValue, Loc } from "../model.js";
import type { YamlDoc } from "../yaml/doc.js";
import { Reader, isMap } from "./reader.js";
import type { ParseResult } from "./result.js";

/** Share tolerance in percentage points when a population test does not say. */
export const DEFAULT_TOLERANCE = 1;

export function parseTestFile(doc: YamlDoc): ParseResult<GoldenTest[]> {
  const r = new Reader(doc);
  const root = r.map(doc.value, []);
  const tests: GoldenTest[] = [];
  (r.list(root?.tests, ["tests"]) ?? []).forEach((raw, i) => {
    const p = ["tests", i];
    const t = r.map(raw, p);
    if (!t) return;
    const base = {
      name: r.str(t.name, [...p, "name"]) ?? `test #${i + 1}`,
      file: doc.file,
      loc: r.loc(p),
      env: r.str(t.env, [...p, "env"]) ?? "",
      static: (r.map(t.static, [...p, "static"]) ?? {}) as Record<string, JsonValue>,
      context: (r.map(t.context, [...p, "context"]) ?? {}) as Record<string, JsonValue>,
    };
    const expect = r.map(t.expect, [...p, "expect"]) ?? {};
    const locs: Record<string, Loc> = {};
    for (const k of ["env", "flag"]) if (k in t) locs[k] = r.loc([...p, k]);
    for (const k of ["context", "static"]) for (const a of Object.keys(base[k as "context"])) locs[`${k}.${a}`] = r.loc([...p, k, a], "key");
    if (t.population === undefined) {
      for (const k of Object.keys(expect)) locs[`expect.${k}`] = r.loc([...p, "expect", k], "key");
      tests.push({ kind: "exact", ...base, expect: expect as Record<string, FlagValue>, locs });
      return;
    }
    const pop = r.map(t.population, [...p, "population"]) ?? {};
    const share = r.map(expect.share, [...p, "expect", "share"]) ?? {};
    for (const k of Object.keys(share)) locs[`share.${k}`] = r.loc([...p, "expect", "share", k], "key");
    if (isMap(t.population) && "vary" in t.population) locs.vary = r.loc([...p, "population", "vary"]);
    tests.push({
      kind: "population",
      ...base,
      flag: r.str(t.flag, [...p, "flag"]) ?? "",
      population: {
        size: typeof pop.size === "number" ? pop.size : 0,
        vary: r.str(pop.vary, [...p, "population", "vary"]) ?? "user",
      },
      share: Object.fromEntries(Object.entries(share).map(([k, v]) => [k, Number(v)])),
      tolerance: typeof expect.tolerance === "number" ? expect.tolerance : DEFAULT_TOLERANCE,
      locs,
    });
  });
  return { value: tests, diagnostics: r.diagnostics };
}
