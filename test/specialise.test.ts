import { describe, expect, it } from "vitest";
import { engine, when } from "./helpers/engine.js";

/** A context whose every read fails the test: proves evaluation never looked at the request. */
const untouchable = new Proxy(
  {},
  {
    get(_t, p) {
      throw new Error(`context read: ${String(p)}`);
    },
    has(_t, p) {
      throw new Error(`context probe: ${String(p)}`);
    },
  },
);

describe("specialise", () => {
  const flags = {
    kill: { default: false, environments: { prod: true } },
    none: { default: true, environments: { dev: false } },
    byEnv: when({ env: "prod" }),
    byHost: {
      default: false,
      environments: {
        prod: {
          rules: [
            { if: { region: "eu" }, serve: false },
            { if: { host: { glob: "web-canary-*" } }, serve: true },
            { if: { country: "DE" }, serve: true },
          ],
          serve: false,
        },
      },
    },
    hostRollout: { default: false, environments: { prod: { rules: [], serve: { rollout: { true: 50, false: 50 }, by: "host" } } } },
    prereqOnConst: when({ flag: { kill: true } }),
  };

  it("a flag whose outcome does not depend on the request is a precomputed result; no closure runs", () => {
    const ev = engine(flags, { statics: { host: "web-canary-3", region: "us" }, now: () => { throw new Error("clock read"); } });
    for (const key of ["kill", "none", "byEnv", "byHost", "hostRollout", "prereqOnConst"]) {
      expect(ev.isConstant(key), key).toBe(true);
      const first = ev.evaluate(key, untouchable);
      // The very same object every time: a lookup, not a computation.
      expect(ev.evaluate(key, untouchable)).toBe(first);
      expect(ev.evaluate(key, {})).toBe(first);
    }
    expect(ev.evaluate("byHost", untouchable)).toMatchObject({ value: true, reason: { kind: "RULE_MATCH", ruleIndex: 1 } });
    expect(ev.evaluate("byEnv", untouchable).reason).toEqual({ kind: "RULE_MATCH", ruleIndex: 0, ruleName: "r" });
    expect(ev.evaluate("hostRollout", untouchable).reason.kind).toBe("SPLIT");
    expect(ev.evaluate("prereqOnConst", untouchable).value).toBe(true);
    expect(Object.isFrozen(ev.evaluate("kill", {}))).toBe(true);
  });

  it("rules on static attributes that cannot match are dropped before the request is seen", () => {
    const ev = engine(flags, { statics: { host: "web-1", region: "us" } });
    expect(ev.isConstant("byHost")).toBe(false);
    const ex = ev.explain("byHost", { country: "DE" });
    expect(ex.result).toMatchObject({ value: true, reason: { kind: "RULE_MATCH", ruleIndex: 2 } });
    const rules = ex.steps.filter((s) => s.kind === "rule");
    expect(rules.map((s) => [s.kind === "rule" && s.index, s.kind === "rule" && s.static, s.kind === "rule" && s.matched])).toEqual([
      [0, true, false],
      [1, true, false],
      [2, false, true],
    ]);
  });

  it("in another env the env condition folds the other way", () => {
    const ev = engine(flags, { env: "dev" });
    expect(ev.isConstant("byEnv")).toBe(true);
    expect(ev.evaluate("byEnv", untouchable)).toMatchObject({ value: false, reason: { kind: "DEFAULT" } });
    expect(ev.evaluate("none", untouchable)).toMatchObject({ value: false, reason: { kind: "STATIC" } });
  });

  it("a missing static bucketing attribute folds to a constant ERROR", () => {
    const ev = engine(flags, {});
    expect(ev.isConstant("hostRollout")).toBe(true);
    expect(ev.evaluate("hostRollout", untouchable).reason).toMatchObject({ kind: "ERROR", errorCode: "TARGETING_KEY_MISSING" });
  });

  it("a flag that depends only on time switches at the right moment, never frozen", () => {
    const at = Date.parse("2026-12-01T00:00:00Z");
    let clock = at - 1000;
    const ev = engine(
      {
        launch: {
          type: "string",
          default: "old",
          environments: { prod: { rules: [{ if: { env: "prod", now: { after: "2026-12-01T00:00:00Z" } }, serve: "new" }], serve: "old" } },
        },
      },
      { now: () => clock },
    );
    expect(ev.evaluate("launch", {}).value).toBe("old");
    clock = at;
    expect(ev.evaluate("launch", {}).value).toBe("old");
    clock = at + 1;
    expect(ev.evaluate("launch", {}).value).toBe("new");
    expect(ev.evaluateAll({}).launch.value).toBe("new");
    // The context's `now` wins over the clock.
    expect(ev.evaluate("launch", { now: at - 5 }).value).toBe("old");
  });

  it("segments are specialised once and shared", () => {
    const ev = engine(
      { a: when({ segment: "eu" }), b: when({ segment: "eu" }) },
      { segments: { eu: { region: "eu" } }, statics: { region: "eu" } },
    );
    expect(ev.isConstant("a")).toBe(true);
    expect(ev.isConstant("b")).toBe(true);
    expect(ev.evaluate("a", untouchable).value).toBe(true);
  });
});
