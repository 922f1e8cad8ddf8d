import { describe, expect, it } from "vitest";
import { bucket } from "../src/core/index.js";
import { engine } from "./helpers/engine.js";

const flags = {
  "checkout.new-flow": {
    default: false,
    environments: {
      prod: {
        rules: [
          { name: "staff first", if: { segment: "staff" }, serve: true },
          { if: { country: { in: ["CN", "RU"] }, region: "eu" }, serve: false },
          { if: { country: { in: ["CN", "RU"] } }, serve: false },
        ],
        serve: { rollout: { true: 25, false: 75 }, by: "user" },
      },
    },
  },
};
const segments = { staff: { email: { endsWith: "@acme.com" } } };

describe("explain", () => {
  const ev = engine(flags, { segments, statics: { region: "us" } });

  it("lists each rule tried, which condition failed and with what value, then the split", () => {
    const ex = ev.explain("checkout.new-flow", { user: "U024BE7LD", email: "x@gmail.com", country: "DE" });
    expect(ex.result).toEqual(ev.evaluate("checkout.new-flow", { user: "U024BE7LD", email: "x@gmail.com", country: "DE" }));
    expect(ex.steps[0]).toMatchObject({
      kind: "rule",
      index: 0,
      name: "staff first",
      matched: false,
      static: false,
      condition: { text: "segment staff", result: false, children: [{ text: "email ends with \"@acme.com\"", result: false, value: "x@gmail.com" }] },
    });
    expect(ex.steps[1]).toMatchObject({
      kind: "rule",
      index: 1,
      matched: false,
      static: true,
      condition: { result: false, static: true, children: [{ text: "country in [CN, RU]", result: "skipped" }, { text: "region = eu", result: false, static: true, value: "us" }] },
    });
    expect(ex.steps[2]).toMatchObject({ kind: "rule", index: 2, matched: false, condition: { text: "country in [CN, RU]", result: false, value: "DE" } });
    expect(ex.steps[3]).toEqual({ kind: "fallthrough" });
    const b = bucket("checkout.new-flow", "U024BE7LD");
    expect(b).toBe(35952);
    expect(ex.steps[4]).toEqual({
      kind: "split",
      by: "user",
      salt: "checkout.new-flow",
      unit: "U024BE7LD",
      bucket: 35952,
      ranges: [
        { variation: "true", from: 0, to: 25000 },
        { variation: "false", from: 25000, to: 100000 },
      ],
      served: { variation: "false", from: 25000, to: 100000 },
    });
    expect(ex.steps[5]).toEqual({ kind: "serve", variation: "false", value: false });
  });

  it("reports a missing attribute and errors", () => {
    const ex = ev.explain("checkout.new-flow", { country: "CN" });
    expect(ex.steps[0]).toMatchObject({ condition: { children: [{ result: false, missing: true }] } });
    expect(ex.steps[2]).toMatchObject({ matched: true });
    expect(ex.result).toMatchObject({ value: false, reason: { kind: "RULE_MATCH", ruleIndex: 2 } });

    const bad = ev.explain("checkout.new-flow", { email: 42 });
    expect(bad.steps.at(-1)).toMatchObject({ kind: "error", code: "INVALID_CONTEXT" });
    expect(bad.result.reason).toMatchObject({ kind: "ERROR", errorCode: "INVALID_CONTEXT" });

    const nokey = ev.explain("checkout.new-flow", {});
    expect(nokey.steps.at(-1)).toMatchObject({ kind: "error", code: "TARGETING_KEY_MISSING" });
    expect(ev.explain("ghost", {}).result.reason.errorCode).toBe("FLAG_NOT_FOUND");
  });
});

describe("explain: prerequisites and time", () => {
  it("shows the prerequisite's served value and the evaluation time's test", () => {
    const ev = engine(
      {
        base: { default: false, environments: { prod: { rules: [{ if: { team: "T1" }, serve: true }], serve: false } } },
        child: {
          default: false,
          environments: {
            prod: {
              rules: [
                { name: "after base", if: { flag: { base: true } }, serve: true },
                { name: "launch", if: { now: { after: "2026-12-01T00:00:00Z" } }, serve: true },
              ],
              serve: false,
            },
          },
        },
      },
      { now: () => Date.parse("2026-11-01T00:00:00Z") },
    );
    const ex = ev.explain("child", { team: "T2" });
    expect(ex.steps[0]).toMatchObject({ kind: "rule", name: "after base", matched: false, condition: { text: "flag base = true", result: false, value: false } });
    expect(ex.steps[1]).toMatchObject({ kind: "rule", name: "launch", matched: false, condition: { text: "now after 2026-12-01T00:00:00Z", result: false } });
    expect(ex.result).toMatchObject({ value: false, reason: { kind: "FALLTHROUGH" } });
    expect(ev.explain("child", { team: "T2", now: "2026-12-02T00:00:00Z" }).result.reason).toEqual({ kind: "RULE_MATCH", ruleIndex: 1, ruleName: "launch" });
  });
});
