import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileEnv, type EnvModel, specialise } from "../src/core/index.js";
import { context, engine, when } from "./helpers/engine.js";
import { project, repo } from "./helpers/model.js";

describe("rollouts", () => {
  it("raising a percentage only moves units into the raised variation", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.boolean(),
        (salt, x, y, raisedFirst) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const mk = (p: number) => {
            const rollout: Record<string, number> = raisedFirst ? { true: p / 1000, false: 100 - p / 1000 } : { false: 100 - p / 1000, true: p / 1000 };
            return engine({ f: { default: false, salt, environments: { prod: { rules: [], serve: { rollout } } } } });
          };
          const before = mk(lo);
          const after = mk(hi);
          let moved = 0;
          for (let i = 0; i < 2000; i++) {
            const ctx = { user: `u${i}` };
            const a = before.evaluate("f", ctx).value;
            const b = after.evaluate("f", ctx).value;
            if (a !== b) {
              expect([a, b]).toEqual([false, true]);
              moved++;
            }
          }
          if (lo === hi) expect(moved).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("serves shares close to the weights", () => {
    const e = engine({ f: { type: "string", default: "a", environments: { prod: { rules: [], serve: { rollout: { a: 10, b: 30, c: 60 } } } } } });
    const n = 100_000;
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < n; i++) counts[e.evaluate("f", { user: `user-${i}` }).value as string]++;
    expect(counts.a / n).toBeCloseTo(0.1, 2);
    expect(counts.b / n).toBeCloseTo(0.3, 2);
    expect(counts.c / n).toBeCloseTo(0.6, 2);
  });
});

// A repo exercising every construct, for comparing evaluation paths on random contexts.
const flags = {
  base: { default: false, environments: { prod: { rules: [{ if: { team: { in: ["T1", "T2"] } }, serve: true }], serve: { rollout: { true: 30, false: 70 } } } } },
  plans: {
    type: "string" as const,
    default: "none",
    environments: {
      prod: {
        rules: [
          { name: "eu staff", if: { region: "eu", segment: "staff" }, serve: "staff" },
          { if: { plan: { in: ["pro", "enterprise"] }, appVersion: { semver: ">=2.0.0" } }, serve: "paid" },
          { if: { any: [{ flag: { base: true } }, { country: { notIn: ["DE", "FR"] } }] }, serve: { rollout: { x: 50, y: 50 }, by: "team" } },
          { if: { not: { age: { gte: 18 } }, email: { regex: "^kid" } }, serve: "kid" },
          { if: { host: { glob: "web-*" }, now: { after: "2026-06-01T00:00:00Z" } }, serve: "late" },
          { if: { segment: ["contractors", "young"] }, serve: "seg" },
        ],
        serve: "fall",
      },
    },
  },
  segs: { default: false, environments: { prod: { rules: [{ if: { segment: ["contractors", "young"] }, serve: true }], serve: false } } },
  anyOf: when({ any: [{ country: "DE" }, { age: { lt: 15 } }, { plan: "pro" }] }),
  allOf: when({ email: { regex: "^kid" }, age: { gt: 3 }, region: "eu" }),
  notOf: when({ not: { any: [{ beta: true }, { appVersion: { semver: ">=2.0.0" } }] } }),
  prereq: when({ flag: { base: true, plans: "paid" } }),
  timed: when({ any: [{ now: { after: "2026-06-01T00:00:00Z" } }, { signup: { before: "2026-01-01" } }] }),
  absent: when({ team: { exists: false }, country: { notIn: ["DE"] } }),
  byTeam: { default: false, environments: { prod: { rules: [{ if: { host: "web-1" }, serve: { rollout: { true: 40, false: 60 }, by: "team" } }], serve: { rollout: { true: 50, false: 50 }, by: "host" } } } },
  chained: {
    type: "number" as const,
    default: 0,
    environments: { prod: { rules: [{ if: { flag: { plans: "paid" } }, serve: 1 }, { if: { beta: true, signup: { before: "2026-01-01" } }, serve: 2 }], serve: 3 } },
  },
};
const segments = {
  staff: { any: [{ email: { endsWith: "@acme.com" } }, { segment: "contractors" }] },
  contractors: { team: { in: ["T9"] } },
  young: { age: { lt: 30 } },
};

function model(): EnvModel {
  return compileEnv(repo(project(context as never), flags, segments), "prod");
}

const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const wellTyped = fc.record(
  {
    user: pick(["u1", "u2", "Zoë", ""]),
    team: pick(["T1", "T2", "T9", "T3"]),
    country: pick(["DE", "FR", "US"]),
    email: pick(["a@acme.com", "kid@x.org", "z@y.com"]),
    plan: pick(["free", "pro", "enterprise"]),
    appVersion: pick(["1.9.0", "2.0.0", "3.1.4-beta.1"]),
    age: pick([12, 18, 40]),
    beta: fc.boolean(),
    signup: pick(["2025-05-01", "2026-05-01T00:00:00Z"]),
    now: pick(["2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z", 1780000000000]),
  },
  { requiredKeys: [] },
);
const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant({ x: 1 }), pick(["1.0.0", "DE", "T1", "T9", "pro"]));
const illTyped = fc.record(Object.fromEntries(Object.keys(context).concat("now").map((k) => [k, anything])), { requiredKeys: [] });
const statics = fc.record({ host: pick(["web-1", "db-1"]), region: pick(["eu", "us"]) });

describe("evaluation paths agree", () => {
  it("explain's result is evaluate's result, on any context, including ill-typed ones", () => {
    fc.assert(
      fc.property(statics, fc.oneof(wellTyped, illTyped), (s, ctx) => {
        const ev = specialise(model(), s, { now: () => Date.parse("2026-05-15T00:00:00Z"), version: "v1" });
        const all = ev.evaluateAll(ctx);
        for (const key of ev.keys) {
          expect(ev.explain(key, ctx).result).toEqual(ev.evaluate(key, ctx));
          expect(all[key]).toEqual(ev.evaluate(key, ctx));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("results do not depend on which flags were used first (flags are specialised on first use)", () => {
    const now = () => Date.parse("2026-05-15T00:00:00Z");
    const keys = Object.keys(flags);
    fc.assert(
      fc.property(statics, fc.oneof(wellTyped, illTyped), fc.shuffledSubarray(keys), fc.constantFrom("evaluate", "explain", "isConstant"), (s, ctx, first, how) => {
        const eager = specialise(model(), s, { now, version: "v1" });
        const want = eager.evaluateAll(ctx);
        const lazy = specialise(model(), s, { now, version: "v1" });
        for (const key of first) {
          if (how === "evaluate") expect(lazy.evaluate(key, ctx)).toEqual(want[key]);
          else if (how === "explain") expect(lazy.explain(key, ctx).result).toEqual(want[key]);
          else expect(lazy.isConstant(key)).toBe(eager.isConstant(key));
        }
        expect(lazy.evaluateAll(ctx)).toEqual(want);
        expect(lazy.evaluateList(ctx)).toEqual(eager.keys.map((k) => want[k]));
      }),
      { numRuns: 300 },
    );
  });

  it("specialising static attributes does not change any result (vs. everything read from the request)", () => {
    const dynamicModel = model();
    for (const d of Object.values(dynamicModel.attributes)) d.static = false;
    fc.assert(
      fc.property(statics, wellTyped, (s, ctx) => {
        const now = () => Date.parse("2026-05-15T00:00:00Z");
        const fast = specialise(model(), s, { now });
        const slow = specialise(dynamicModel, {}, { now });
        for (const key of fast.keys) expect(fast.evaluate(key, ctx)).toEqual(slow.evaluate(key, { ...ctx, ...s, env: "prod" }));
      }),
      { numRuns: 300 },
    );
  });
});
