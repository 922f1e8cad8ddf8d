// The OFREP mapping on its own (pure): request parsing, targetingKey, ETag matching, and that two contexts with
// different answers never share an ETag.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateBulk, ifNoneMatchHits, parseRequest } from "../src/agent/ofrep.js";
import { loadEnvModel, specialise } from "../src/core/index.js";
import { fixtureRelease } from "./helpers/agentFixture.js";

describe("parseRequest", () => {
  it("reads the context, fills the targeting attribute, and classifies bad bodies", () => {
    expect(parseRequest("", "user")).toEqual({ ok: true, context: {} });
    expect(parseRequest("{}", "user")).toEqual({ ok: true, context: {} });
    expect(parseRequest('{"context":{"targetingKey":"u1","team":"T"}}', "user")).toEqual({ ok: true, context: { user: "u1", team: "T" } });
    expect(parseRequest('{"context":{"targetingKey":"u1","user":"u2"}}', "user")).toEqual({ ok: true, context: { user: "u2" } });
    expect(parseRequest('{"context":{"targetingKey":"T9"}}', "team")).toEqual({ ok: true, context: { team: "T9" } });
    expect(parseRequest("{", "user")).toMatchObject({ ok: false, errorCode: "PARSE_ERROR" });
    expect(parseRequest("[]", "user")).toMatchObject({ ok: false, errorCode: "PARSE_ERROR" });
    expect(parseRequest('{"context":[1]}', "user")).toMatchObject({ ok: false, errorCode: "INVALID_CONTEXT" });
  });
});

describe("ETags", () => {
  it("match If-None-Match lists, weak tags and *", () => {
    expect(ifNoneMatchHits('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b", W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits("*", '"a"')).toBe(true);
    expect(ifNoneMatchHits('"ab"', '"a"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"a"')).toBe(false);
  });

  it("differ whenever the bulk answer differs (a different context never gets a stale 304)", () => {
    const rel = fixtureRelease(1);
    const loaded = loadEnvModel(JSON.parse(rel.envs.prod.toString("utf8")));
    if (!loaded.ok) throw new Error(loaded.error);
    const release = { evaluator: specialise(loaded.model, { host: "h", region: "us" }, { version: rel.version }), version: rel.version, seq: 1, track: "stable" };
    const ctx = fc.record({ user: fc.string({ maxLength: 6 }), team: fc.constantFrom("T1", "T2", "T3"), age: fc.integer({ min: 0, max: 40 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(ctx, ctx, (a, b) => {
        const x = evaluateBulk(release, a);
        const y = evaluateBulk(release, b);
        expect(x.etag === y.etag).toBe(x.text === y.text);
      }),
      { numRuns: 300 },
    );
  });
});
