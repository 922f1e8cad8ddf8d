import { describe, expect, it } from "vitest";
import { bucket } from "../src/core/index.js";
import { engine, when } from "./helpers/engine.js";

describe("reasons (SPEC §3)", () => {
  const flags = {
    "a.none": { default: false, environments: { dev: true } },
    "a.static": { default: false, environments: { prod: true } },
    "a.rules": {
      type: "string" as const,
      default: "off",
      environments: {
        prod: {
          rules: [
            { name: "germans", if: { country: "DE" }, serve: "de" },
            { if: { country: "FR" }, serve: "fr" },
            { name: "canary", if: { team: "T1" }, serve: { rollout: { a: 50, b: 50 }, by: "user" } },
          ],
          serve: { rollout: { x: 25, y: 75 } },
        },
      },
    },
  };
  const ev = engine(flags, { version: "v20261121.120000-abc1234" });

  it("DEFAULT when the env has no config, STATIC for a bare value", () => {
    expect(ev.evaluate("a.none", {})).toEqual({
      key: "a.none",
      value: false,
      variation: "false",
      reason: { kind: "DEFAULT" },
      version: "v20261121.120000-abc1234",
    });
    expect(ev.evaluate("a.static", {})).toMatchObject({ value: true, variation: "true", reason: { kind: "STATIC" } });
  });

  it("RULE_MATCH with index and name, first matching rule wins", () => {
    expect(ev.evaluate("a.rules", { country: "DE", team: "T1" }).reason).toEqual({ kind: "RULE_MATCH", ruleIndex: 0, ruleName: "germans" });
    expect(ev.evaluate("a.rules", { country: "FR" })).toMatchObject({ value: "fr", reason: { kind: "RULE_MATCH", ruleIndex: 1 } });
    expect(ev.evaluate("a.rules", { country: "FR" }).reason).not.toHaveProperty("ruleName");
  });

  it("SPLIT by bucket per SPEC, keeping the rule when the rollout is a rule's serve", () => {
    const b = bucket("a.rules", "U024BE7LD");
    const r = ev.evaluate("a.rules", { user: "U024BE7LD" });
    expect(r.reason).toEqual({ kind: "SPLIT", bucket: b });
    expect(r.value).toBe(b < 25000 ? "x" : "y");
    const r2 = ev.evaluate("a.rules", { user: "U024BE7LD", team: "T1" });
    expect(r2.reason).toEqual({ kind: "SPLIT", ruleIndex: 2, ruleName: "canary", bucket: b });
    expect(r2.value).toBe(b < 50000 ? "a" : "b");
    expect(r2.version).toBe("v20261121.120000-abc1234");
  });

  it("the SPEC vector units land in the documented ranges", () => {
    const e = engine({
      "checkout.new-flow": { default: false, environments: { prod: { rules: [], serve: { rollout: { true: 35.952, false: 64.048 } } } } },
    });
    // bucket 35952 is the first one outside [0, 35952)
    expect(e.evaluate("checkout.new-flow", { user: "U024BE7LD" }).value).toBe(false);
    expect(e.evaluate("checkout.new-flow", { user: "Zoë" }).value).toBe(false);
    expect(e.evaluate("checkout.new-flow", { user: "" })).toMatchObject({ value: true, reason: { bucket: 2835 } });
  });

  it("FALLTHROUGH when no rule matches and serve is a value", () => {
    expect(engine({ f: when({ country: "DE" }) }).evaluate("f", {})).toMatchObject({ value: false, reason: { kind: "FALLTHROUGH" } });
  });

  it("ERROR codes: unknown flag, missing or wrong bucketing attribute; the default is served", () => {
    expect(ev.evaluate("nope", {})).toMatchObject({ key: "nope", value: null, reason: { kind: "ERROR", errorCode: "FLAG_NOT_FOUND" } });
    expect(ev.evaluate("a.rules", {})).toMatchObject({
      value: "off",
      variation: "off",
      reason: { kind: "ERROR", errorCode: "TARGETING_KEY_MISSING", errorMessage: 'bucketing attribute "user" is missing' },
    });
    expect(ev.evaluate("a.rules", { user: { id: 1 } })).toMatchObject({ value: "off", reason: { errorCode: "INVALID_CONTEXT" } });
    expect(ev.evaluate("a.rules", { country: 12 })).toMatchObject({ value: "off", reason: { errorCode: "INVALID_CONTEXT" } });
  });

  it("never throws, even on hostile contexts", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
      },
    );
    expect(ev.evaluate("a.rules", hostile)).toMatchObject({ value: "off", reason: { kind: "ERROR", errorCode: "GENERAL" } });
    expect(ev.evaluate("a.rules", null as never).reason.errorCode).toBe("TARGETING_KEY_MISSING");
    expect(Object.keys(ev.evaluateAll(hostile))).toEqual(["a.none", "a.rules", "a.static"]);
  });

  it("evaluateAll returns every flag, keyed and sorted", () => {
    const all = ev.evaluateAll({ country: "DE" });
    expect(Object.keys(all)).toEqual(["a.none", "a.rules", "a.static"]);
    expect(all["a.rules"].value).toBe("de");
  });

  it("number user ids bucket by their text", () => {
    const e = engine({ f: { default: false, environments: { prod: { rules: [], serve: { rollout: { true: 50, false: 50 }, by: "age" } } } } });
    expect(e.evaluate("f", { age: 42 }).reason.bucket).toBe(bucket("f", "42"));
  });

  it("json flags serve variation values by name", () => {
    const e = engine({
      theme: {
        type: "json",
        default: "small",
        variations: { small: { px: 10 }, large: { px: 20 } },
        environments: { prod: { rules: [{ if: { country: "DE" }, serve: "large" }], serve: "small" } },
      },
    });
    expect(e.evaluate("theme", { country: "DE" })).toMatchObject({ value: { px: 20 }, variation: "large" });
    expect(e.evaluate("theme", {})).toMatchObject({ value: { px: 10 }, variation: "small" });
    expect(Object.isFrozen(e.evaluate("theme", {}).value)).toBe(true);
  });
});

describe("segments", () => {
  const segments = {
    staff: { any: [{ email: { endsWith: "@acme.com" } }, { segment: "contractors" }] },
    contractors: { team: { in: ["T0STAFF01"] } },
    loop1: { segment: "loop2" },
    loop2: { segment: "loop1" },
  };
  it("match through nested segments, and a list means member of any", () => {
    const e = engine({ f: when({ segment: "staff" }), g: when({ segment: ["contractors", "nobody"] }) }, { segments: { ...segments, nobody: { country: "XX" } } });
    expect(e.evaluate("f", { email: "a@acme.com" }).value).toBe(true);
    expect(e.evaluate("f", { team: "T0STAFF01" }).value).toBe(true);
    expect(e.evaluate("f", { team: "T2" }).value).toBe(false);
    expect(e.evaluate("g", { team: "T0STAFF01" }).value).toBe(true);
    expect(e.evaluate("g", { country: "XX" }).value).toBe(true);
  });
  it("an unknown segment or a segment cycle is an ERROR, never a throw", () => {
    const e = engine({ f: when({ segment: "ghost" }), g: when({ segment: "loop1" }) }, { segments });
    expect(e.evaluate("f", {}).reason).toMatchObject({ kind: "ERROR", errorCode: "GENERAL" });
    expect(e.evaluate("g", {}).reason).toMatchObject({ kind: "ERROR", errorCode: "GENERAL" });
  });
});

describe("prerequisites", () => {
  it("compare the other flag's served value whatever its reason", () => {
    const e = engine({
      base: when({ team: "T1" }),
      child: when({ flag: { base: true } }),
      needsOff: when({ flag: { base: false } }),
      rolled: { default: false, environments: { prod: { rules: [], serve: { rollout: { true: 100 } } } } },
      afterRoll: when({ flag: { rolled: false } }),
    });
    expect(e.evaluate("child", { team: "T1" }).value).toBe(true);
    expect(e.evaluate("child", { team: "T2" }).value).toBe(false);
    expect(e.evaluate("needsOff", {}).value).toBe(true);
    // rolled errors (no user) and serves its default false; the prerequisite compares that value.
    expect(e.evaluate("rolled", {}).reason.kind).toBe("ERROR");
    expect(e.evaluate("afterRoll", {}).value).toBe(true);
    expect(e.evaluate("afterRoll", { user: "u" }).value).toBe(false);
  });

  it("is evaluated once per context even when several flags need it", () => {
    const e = engine({
      base: when({ team: { in: ["T1"] } }),
      a: when({ flag: { base: true } }),
      b: when({ all: [{ flag: { base: true } }, { country: "DE" }] }),
      c: when({ not: { flag: { base: true } } }),
    });
    let reads = 0;
    const ctx = {
      country: "DE",
      get team() {
        reads++;
        return "T1";
      },
    };
    const all = e.evaluateAll(ctx);
    expect([all.a.value, all.b.value, all.c.value, all.base.value]).toEqual([true, true, false, true]);
    expect(reads).toBe(1);
  });

  it("several prerequisites in one call are each evaluated once, and a longer cycle is found", () => {
    const e = engine({
      p1: when({ team: "T1" }),
      p2: when({ country: "DE" }),
      p3: when({ all: [{ flag: { p1: true } }, { flag: { p2: true } }] }),
      top: when({ all: [{ flag: { p1: true } }, { flag: { p2: true } }, { flag: { p3: true } }] }),
      c1: when({ flag: { c2: true } }),
      c2: when({ flag: { c3: true } }),
      c3: when({ any: [{ flag: { p1: true } }, { flag: { c1: true } }] }),
    });
    let reads = 0;
    const ctx = (team: string) => ({
      country: "DE",
      get team() {
        reads++;
        return team;
      },
    });
    expect(e.evaluate("top", ctx("T1")).value).toBe(true);
    expect(reads).toBe(1);
    expect(e.evaluate("top", ctx("T2")).value).toBe(false);
    // p1 is false for T2, so c3 goes on to c1: c1 -> c2 -> c3 -> c1
    for (const k of ["c1", "c2", "c3"]) expect(e.evaluate(k, ctx("T2")).reason.errorMessage, k).toMatch(/cycle/);
    expect(e.evaluate("c1", ctx("T1")).value).toBe(true);
    const all = e.evaluateAll(ctx("T2"));
    for (const k of ["c1", "c2", "c3"]) expect(all[k].reason.errorMessage, k).toMatch(/cycle/);
    expect([all.top.value, all.p3.value, all.p2.value]).toEqual([false, false, true]);
  });

  it("a missing prerequisite or a cycle serves the default with ERROR", () => {
    const e = engine({
      orphan: when({ flag: { ghost: true } }),
      x: when({ all: [{ country: "DE" }, { flag: { y: true } }] }),
      y: when({ all: [{ country: "DE" }, { flag: { x: true } }] }),
    });
    expect(e.evaluate("orphan", {}).reason).toMatchObject({ kind: "ERROR", errorCode: "GENERAL" });
    expect(e.evaluate("x", { country: "DE" }).reason).toMatchObject({ kind: "ERROR", errorCode: "GENERAL" });
    expect(e.evaluate("x", { country: "FR" }).reason.kind).toBe("FALLTHROUGH");
    const all = e.evaluateAll({ country: "DE" });
    expect(all.x.reason.kind).toBe("ERROR");
    expect(all.y.reason.kind).toBe("ERROR");
    expect(all.x.reason.errorMessage).toMatch(/cycle/);
  });

  it("json prerequisites may name the variation", () => {
    const e = engine({
      theme: { type: "json", default: "small", variations: { small: { px: 1 }, large: { px: 2 } }, environments: { prod: "large" } },
      big: when({ flag: { theme: "large" } }),
      bigByValue: when({ flag: { theme: { px: 2 } } }),
    });
    expect(e.evaluate("big", {}).value).toBe(true);
    expect(e.evaluate("bigByValue", {}).value).toBe(true);
  });
});

describe("evaluateAll and evaluateList", () => {
  it("agree with evaluate, in key order, whatever the keys", () => {
    const e = engine({ __proto__x: when({ country: "DE" }), "0": when({ country: "DE" }), "z.z": { default: true, environments: {} } } as never);
    const list = e.evaluateList({ country: "DE" });
    expect(list.map((r) => r.key)).toEqual(e.keys);
    const all = e.evaluateAll({ country: "DE" });
    expect(Object.keys(all).sort()).toEqual([...e.keys].sort());
    for (const k of e.keys) expect(all[k]).toEqual(e.evaluate(k, { country: "DE" }));
  });

  it("a context that makes some flags fault still gets every flag, later contexts too", () => {
    // evaluateAll and evaluateList build their result under one handler and build it again flag by flag when
    // something faults; with a __proto__ key the record is built by a loop instead, which must fall back the same way.
    for (const extra of [{}, JSON.parse('{"__proto__": {"default": true}}')]) {
      const e = engine({ ...extra, a: when({ age: { gt: 18 } }), b: when({ country: "DE" }), c: when({ flag: { b: true } }) });
      for (const ctx of [{ country: "DE", age: 40 }, { country: "DE", age: "old" }, { country: "DE", age: 12 }]) {
        const all = e.evaluateAll(ctx);
        expect(Object.keys(all).sort()).toEqual([...e.keys].sort());
        for (const k of e.keys) expect(all[k]).toEqual(e.evaluate(k, ctx));
        expect(e.evaluateList(ctx)).toEqual(e.keys.map((k) => e.evaluate(k, ctx)));
      }
      expect(e.evaluateAll({ country: "DE", age: "old" }).a.reason).toMatchObject({ kind: "ERROR", errorCode: "INVALID_CONTEXT" });
    }
  });

  it("a record of more flags than an object keeps in fast form (1,020) is built as completely", () => {
    const flags = Object.fromEntries(Array.from({ length: 1030 }, (_, i) => [`f${i}`, i % 3 ? when({ age: { gt: i % 50 } }) : { default: i % 2 === 0 }]));
    const e = engine(flags);
    for (const ctx of [{ age: 30 }, { age: "old" }]) {
      const all = e.evaluateAll(ctx);
      expect(Object.keys(all)).toHaveLength(1030);
      for (const k of e.keys) expect(all[k]).toEqual(e.evaluate(k, ctx));
    }
  });

  it("a flag named __proto__ is an own key, not the prototype", () => {
    const e = engine(JSON.parse('{"__proto__": {"default": true}, "a": {"default": false}}'));
    const all = e.evaluateAll({});
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(all, "__proto__")).toBe(true);
    expect(all.a.value).toBe(false);
  });
});
