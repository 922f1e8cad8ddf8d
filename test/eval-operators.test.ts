import { describe, expect, it } from "vitest";
import { engine, when } from "./helpers/engine.js";

/** Evaluates `cond` for `ctx`: true, false, or the error code. */
function check(cond: unknown, ctx: Record<string, unknown>, statics: Record<string, unknown> = {}, now?: () => number) {
  const r = engine({ f: when(cond) }, { statics, now }).evaluate("f", ctx);
  return r.reason.kind === "ERROR" ? r.reason.errorCode : r.value;
}

describe("attribute operators (SPEC §2)", () => {
  it("equal", () => {
    expect(check({ country: "DE" }, { country: "DE" })).toBe(true);
    expect(check({ country: "DE" }, { country: "de" })).toBe(false);
    expect(check({ country: "DE" }, {})).toBe(false);
    expect(check({ age: 30 }, { age: 30 })).toBe(true);
    expect(check({ beta: true }, { beta: true })).toBe(true);
    expect(check({ beta: true }, { beta: false })).toBe(false);
    expect(check({ plan: "pro" }, { plan: "pro" })).toBe(true);
  });

  it("in / notIn, with notIn true on a missing attribute", () => {
    const long = Array.from({ length: 500 }, (_, i) => `T${i}`);
    expect(check({ team: { in: long } }, { team: "T499" })).toBe(true);
    expect(check({ team: { in: long } }, { team: "T500" })).toBe(false);
    expect(check({ team: { in: long } }, {})).toBe(false);
    expect(check({ team: { notIn: ["A"] } }, { team: "B" })).toBe(true);
    expect(check({ team: { notIn: ["A"] } }, { team: "A" })).toBe(false);
    expect(check({ team: { notIn: ["A"] } }, {})).toBe(true);
    expect(check({ team: { notIn: ["A"] } }, { team: null })).toBe(true);
    expect(check({ age: { in: [1, 2] } }, { age: 2 })).toBe(true);
  });

  it("startsWith, endsWith, contains", () => {
    expect(check({ email: { startsWith: "ann" } }, { email: "ann@acme.com" })).toBe(true);
    expect(check({ email: { endsWith: "@acme.com" } }, { email: "ann@acme.com" })).toBe(true);
    expect(check({ email: { endsWith: "@acme.com" } }, { email: "ann@acme.co" })).toBe(false);
    expect(check({ email: { contains: "@" } }, { email: "x@y" })).toBe(true);
    expect(check({ email: { contains: "@" } }, {})).toBe(false);
  });

  it("glob matches the whole value with * and ?", () => {
    expect(check({ email: { glob: "web-canary-*" } }, { email: "web-canary-3" })).toBe(true);
    expect(check({ email: { glob: "web-canary-*" } }, { email: "xweb-canary-3" })).toBe(false);
    expect(check({ email: { glob: "web-?" } }, { email: "web-1" })).toBe(true);
    expect(check({ email: { glob: "web-?" } }, { email: "web-12" })).toBe(false);
    expect(check({ email: { glob: "a.b(c)+" } }, { email: "a.b(c)+" })).toBe(true);
    expect(check({ email: { glob: "a.b" } }, { email: "axb" })).toBe(false);
    expect(check({ email: { glob: "*" } }, { email: "" })).toBe(true);
  });

  it("regex matches anywhere unless anchored; an invalid regex is an ERROR", () => {
    expect(check({ email: { regex: "acme" } }, { email: "ann@acme.com" })).toBe(true);
    expect(check({ email: { regex: "^acme" } }, { email: "ann@acme.com" })).toBe(false);
    expect(check({ email: { regex: "\\.com$" } }, { email: "ann@acme.com" })).toBe(true);
    expect(check({ email: { regex: "(" } }, { email: "x" })).toBe("GENERAL");
  });

  it("lt, lte, gt, gte", () => {
    expect(check({ age: { lt: 18 } }, { age: 17 })).toBe(true);
    expect(check({ age: { lt: 18 } }, { age: 18 })).toBe(false);
    expect(check({ age: { lte: 18 } }, { age: 18 })).toBe(true);
    expect(check({ age: { gt: 18 } }, { age: 18 })).toBe(false);
    expect(check({ age: { gte: 18 } }, { age: 18 })).toBe(true);
    expect(check({ age: { gte: 18, lt: 65 } }, { age: 65 })).toBe(false);
    expect(check({ age: { gt: 1 } }, {})).toBe(false);
  });

  it("semver ranges; an unparsable version is INVALID_CONTEXT", () => {
    expect(check({ appVersion: { semver: ">=4.2.0 <5" } }, { appVersion: "4.10.1" })).toBe(true);
    expect(check({ appVersion: { semver: ">=4.2.0 <5" } }, { appVersion: "5.0.0" })).toBe(false);
    expect(check({ appVersion: { semver: ">=4.2.0 <5" } }, { appVersion: "4.1.9" })).toBe(false);
    expect(check({ appVersion: { semver: ">=4.2.0 <5" } }, {})).toBe(false);
    expect(check({ appVersion: { semver: ">=4.2.0" } }, { appVersion: "banana" })).toBe("INVALID_CONTEXT");
    expect(check({ appVersion: { semver: "not a range ][" } }, { appVersion: "1.0.0" })).toBe("GENERAL");
  });

  it("before/after are strict, read `now` from the context (ISO or ms), else the clock", () => {
    const t = "2026-12-01T00:00:00Z";
    const ms = Date.parse(t);
    expect(check({ now: { after: t } }, { now: "2026-12-01T00:00:00.001Z" })).toBe(true);
    expect(check({ now: { after: t } }, { now: t })).toBe(false);
    expect(check({ now: { before: t } }, { now: t })).toBe(false);
    expect(check({ now: { before: t } }, { now: ms - 1 })).toBe(true);
    expect(check({ now: { after: t } }, {}, {}, () => ms + 1)).toBe(true);
    expect(check({ now: { after: t } }, {}, {}, () => ms)).toBe(false);
    expect(check({ now: { after: t } }, { now: "yesterday-ish" })).toBe("INVALID_CONTEXT");
    expect(check({ signup: { before: t } }, { signup: "2025-01-01" })).toBe(true);
    expect(check({ signup: { before: t } }, {})).toBe(false);
  });

  it("a `now` text is read afresh whenever it changes (the last one is kept between calls)", () => {
    const ev = engine({ f: when({ now: { after: "2026-12-01T00:00:00Z" } }) }, {});
    const at = (now: unknown) => {
      const r = ev.evaluate("f", { now });
      return r.reason.kind === "ERROR" ? r.reason.errorCode : r.value;
    };
    const seq = ["2026-12-02T00:00:00Z", "2026-12-02T00:00:00Z", "2026-11-30T00:00:00Z", "soon", "soon", "2026-12-02T00:00:00Z", Date.parse("2026-11-30T00:00:00Z"), "2026-11-30T00:00:00Z"];
    expect(seq.map(at)).toEqual([true, true, false, "INVALID_CONTEXT", "INVALID_CONTEXT", true, false, false]);
  });

  it("exists, and exists: false on a missing attribute", () => {
    expect(check({ team: { exists: true } }, { team: "x" })).toBe(true);
    expect(check({ team: { exists: true } }, {})).toBe(false);
    expect(check({ team: { exists: false } }, {})).toBe(true);
    expect(check({ team: { exists: false } }, { team: "x" })).toBe(false);
  });

  it("a value of the wrong type for its declaration is INVALID_CONTEXT", () => {
    expect(check({ country: { in: ["DE"] } }, { country: 7 })).toBe("INVALID_CONTEXT");
    expect(check({ country: "DE" }, { country: ["DE"] })).toBe("INVALID_CONTEXT");
    expect(check({ age: { lt: 3 } }, { age: "2" })).toBe("INVALID_CONTEXT");
    expect(check({ beta: true }, { beta: "true" })).toBe("INVALID_CONTEXT");
    expect(check({ plan: "pro" }, { plan: "platinum" })).toBe("INVALID_CONTEXT");
    expect(check({ signup: { after: "2020-01-01" } }, { signup: "not a date" })).toBe("INVALID_CONTEXT");
  });

  it("any, all, not", () => {
    const c = { any: [{ country: "DE" }, { all: [{ age: { gte: 18 } }, { not: { plan: "free" } }] }] };
    expect(check(c, { country: "DE" })).toBe(true);
    expect(check(c, { country: "FR", age: 20, plan: "pro" })).toBe(true);
    expect(check(c, { country: "FR", age: 20, plan: "free" })).toBe(false);
    expect(check(c, { country: "FR", age: 10, plan: "pro" })).toBe(false);
    expect(check({ not: { team: { in: ["A"] } } }, {})).toBe(true);
  });

  it("static attributes: env and `static: true` ones come from the statics, not the request", () => {
    expect(check({ env: "prod" }, {})).toBe(true);
    expect(check({ env: "qa" }, { env: "qa" })).toBe(false);
    expect(check({ host: { glob: "web-*" } }, {}, { host: "web-7" })).toBe(true);
    expect(check({ host: { glob: "web-*" } }, { host: "web-7" }, {})).toBe(false);
    expect(check({ host: { exists: false } }, {}, {})).toBe(true);
    expect(check({ host: "x" }, {}, { host: 3 })).toBe("INVALID_CONTEXT");
  });
});

describe("attrValueFromText", async () => {
  const { attrValueFromText } = await import("../src/core/index.js");
  it("types command-line text by the declaration", () => {
    expect(attrValueFromText({ type: "number", static: false }, "42")).toBe(42);
    expect(attrValueFromText({ type: "number", static: false }, "4x")).toBe("4x");
    expect(attrValueFromText({ type: "boolean", static: false }, "true")).toBe(true);
    expect(attrValueFromText({ type: "time", static: false }, "1780000000000")).toBe(1780000000000);
    expect(attrValueFromText({ type: "time", static: false }, "2026-01-01")).toBe("2026-01-01");
    expect(attrValueFromText({ type: "string", static: false }, "007")).toBe("007");
    expect(attrValueFromText(undefined, "1")).toBe("1");
  });
});
