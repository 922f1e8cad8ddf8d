import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../../src/core/index.js";
import { findCycles, showCycle } from "../../src/core/lint/cycles.js";
import { globProblem, isoTimeProblem } from "../../src/core/lint/literals.js";
import { compileSchema, describeErrors, schemaEngines } from "../../src/core/lint/json-schema.js";

describe("did-you-mean", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("tema", "team")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("suggests the closest name within tolerance, and nothing when far", () => {
    expect(didYouMean("usr", ["user", "team"])).toBe("user");
    expect(didYouMean("Country", ["country", "count"])).toBe("country");
    expect(didYouMean("checkout.new-flw", ["checkout.new-flow", "checkout.old"])).toBe("checkout.new-flow");
    expect(didYouMean("zzz", ["user", "team"])).toBeUndefined();
    expect(didYouMean("ab", ["xy"])).toBeUndefined();
  });
});

describe("findCycles", () => {
  const graph = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? [];
  it("names each cycle once, from its smallest node", () => {
    expect(findCycles(["c", "a", "b"], graph({ a: ["b"], b: ["c"], c: ["a"] }))).toEqual([["a", "b", "c", "a"]]);
    expect(findCycles(["a"], graph({ a: ["a"] }))).toEqual([["a", "a"]]);
    expect(findCycles(["a", "b", "c"], graph({ a: ["b"], b: ["c"] }))).toEqual([]);
  });
  it("handles a 20,000-node chain without overflowing the stack", () => {
    const n = 20_000;
    const next = (x: string) => [String((Number(x) + 1) % n)];
    const cycles = findCycles(["0"], next);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n + 1);
    expect(showCycle(cycles[0])).toBe("0 → 1 → 2 → 3 → 4 → … (19991 more) → 19996 → 19997 → 19998 → 19999 → 0");
  });
});

describe("literals", () => {
  it("accepts ISO date-times with a zone only, and only real ones", () => {
    expect(isoTimeProblem("2027-01-01T00:00:00Z")).toBeUndefined();
    expect(isoTimeProblem("2027-01-01T00:00:00.000Z")).toBeUndefined();
    expect(isoTimeProblem("2027-01-01T09:30+05:30")).toBeUndefined();
    expect(isoTimeProblem("2027-01-01")).toContain("not an ISO 8601 date-time");
    expect(isoTimeProblem("2027-01-01T00:00:00")).toContain("time zone");
    expect(isoTimeProblem("2027-13-01T00:00:00Z")).toContain("not a real date");
    expect(isoTimeProblem("2027-01-01T24:00:00Z")).toContain("not a real date");
  });
  it("rejects empty globs and glob syntax flagctl does not have", () => {
    expect(globProblem("web-*")).toBeUndefined();
    expect(globProblem("w?b")).toBeUndefined();
    expect(globProblem("")).toBeDefined();
    expect(globProblem("web-{a,b}")).toBeDefined();
  });
});

describe("json schemas", () => {
  it("compiles a schema and reports failures readably", () => {
    const schema = { type: "object", required: ["h"], properties: { h: { type: "integer", minimum: 1 } } };
    const c = compileSchema(schema);
    if (!("validate" in c)) throw new Error("expected a compiled schema");
    expect(c.validate({ h: 0 })).toBe(false);
    expect(describeErrors(c.validate.errors)).toBe("at /h: must be >= 1");
    expect(c.validate({})).toBe(false);
    expect(describeErrors(c.validate.errors)).toBe("at /: must have required property 'h'");
  });
  it("keeps schemas sharing an $id apart, and honours a draft-07 $schema", () => {
    const a = compileSchema({ $id: "https://x/s.json", type: "string" });
    const b = compileSchema({ $id: "https://x/s.json", type: "number" });
    expect("validate" in a && a.validate("s")).toBe(true);
    expect("validate" in b && b.validate(1)).toBe(true);
    // one lint run's engines: an invalid schema that registered its $id must not make the next one "already exist"
    const run = schemaEngines();
    expect(compileSchema({ $id: "https://x/t.json", type: "nope" }, run)).toMatchObject({ error: expect.stringMatching(/schema is invalid/) });
    const c = compileSchema({ $id: "https://x/t.json", type: "string" }, run);
    expect("validate" in c && c.validate("s")).toBe(true);
    const d7 = compileSchema({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" });
    expect("validate" in d7).toBe(true);
  });
  it("reports an invalid schema as an error message", () => {
    const bad = compileSchema({ type: "objekt" });
    expect("error" in bad && bad.error).toMatch(/schema is invalid/);
    expect("error" in compileSchema([] as never)).toBe(true);
  });
});
