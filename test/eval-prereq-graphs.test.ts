// Random prerequisite graphs (chains, several prerequisites per flag, cycles, a missing flag, prerequisites that
// fault on an ill-typed attribute or `now`) against the per-call prerequisite memo: every way of evaluating a flag
// serves what `evaluate` serves for it, and each prerequisite is evaluated at most once per call.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalResult } from "../src/core/index.js";
import { engine } from "./helpers/engine.js";

const N = 6;
const keys = Array.from({ length: N }, (_, i) => `f${i}`);
const cond = fc.letrec((tie) => ({
  c: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(...keys, "ghost").map((k) => ({ flag: { [k]: true } })),
    fc.constantFrom(...keys).map((k) => ({ flag: { [k]: false } })),
    fc.constantFrom("T1", "T2").map((team) => ({ team })),
    fc.constantFrom("2026-12-01T00:00:00Z", "2020-01-01T00:00:00Z").map((t) => ({ now: { after: t } })),
    fc.constant({ age: { gt: 3 } }),
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
  ),
})).c;
const flag = fc.array(cond, { minLength: 1, maxLength: 3 }).map((cs) => ({
  default: false,
  environments: { prod: { rules: cs.map((c, i) => ({ name: `r${i}`, if: c, serve: i % 2 === 0 })), serve: false } },
}));
const now = fc.oneof(fc.constant(undefined), fc.constantFrom("2026-12-02T00:00:00Z", "2019-01-01T00:00:00Z", "soon"), fc.integer({ min: 0, max: 2e12 }), fc.constant(new Date(2e12)));
const ctx = fc.record({ team: fc.constantFrom("T1", "T2"), age: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant("x" as unknown)), now }, { requiredKeys: [] });
// A cycle's message names the flag it was found at, which depends on where the walk started.
const served = (r: EvalResult) => ({ key: r.key, value: r.value, kind: r.reason.kind, code: r.reason.kind === "ERROR" ? r.reason.errorCode : undefined, cycle: /cycle/.test(r.reason.errorMessage ?? "") });

describe("prerequisite graphs", () => {
  it("evaluateAll, evaluateList and explain serve what evaluate serves; each prerequisite runs once per call", () => {
    fc.assert(
      fc.property(fc.array(flag, { minLength: N, maxLength: N }), fc.array(ctx, { minLength: 1, maxLength: 5 }), (specs, ctxs) => {
        const ev = engine(Object.fromEntries(keys.map((k, i) => [k, specs[i]])), { now: () => 1.8e12 });
        for (const c of ctxs) {
          const one = keys.map((k) => served(ev.evaluate(k, c)));
          expect(Object.values(ev.evaluateAll(c)).map(served)).toEqual(one);
          expect(ev.evaluateList(c).map(served)).toEqual(one);
          expect(keys.map((k) => served(ev.explain(k, c).result))).toEqual(one);
          let reads = 0;
          const counted = {
            ...c,
            get age() {
              reads++;
              return c.age;
            },
          };
          ev.evaluateAll(counted);
          // Each flag's rules run at most once in a pass, prerequisites included, and evaluateAll makes a second pass
          // when a flag faults: `age` is read at most twice as often as the flags' rules name it.
          expect(reads).toBeLessThanOrEqual(2 * (JSON.stringify(specs).split('"age"').length - 1));
        }
      }),
      { numRuns: 300 },
    );
  });
});
