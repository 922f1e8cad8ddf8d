import { describe, expect, it } from "vitest";
import { rules } from "../../src/core/index.js";
import { CASES } from "./cases.js";
import { BASE, lintFiles, position } from "./fixtures.js";

describe("the base fixture", () => {
  it("parses and lints clean", () => {
    const { diagnostics, parse } = lintFiles({});
    expect(parse).toEqual([]);
    expect(diagnostics).toEqual([]);
  });
});

describe.each(CASES)("$code $name", (c) => {
  it("reports the offending node", () => {
    const { diagnostics, parse } = lintFiles(c.bad);
    expect(parse).toEqual([]);
    const text = c.bad[c.file] ?? BASE[c.file];
    const found = diagnostics.filter((d) => d.code === c.code);
    expect(found).toContainEqual(
      expect.objectContaining({ code: c.code, severity: c.severity, file: c.file, ...position(text, c.at, c.nth, c.after) }),
    );
    const rule = rules.find((r) => r.code === c.code)!;
    for (const d of found) {
      expect(d.hint).toBeTruthy();
      expect(d.severity).toBe(rule.severity);
    }
    if (c.message) expect(found.map((d) => d.message).join("\n")).toContain(c.message);
  });

  it("is silent on the fixed fixture", () => {
    const { diagnostics, parse } = lintFiles(c.good);
    expect(parse).toEqual([]);
    expect(diagnostics).toEqual([]);
  });
});

describe("coverage of the table", () => {
  it("has a failing and a passing case for every registered rule", () => {
    const covered = new Set(CASES.map((c) => c.code));
    expect(rules.map((r) => r.code).filter((code) => !covered.has(code))).toEqual([]);
  });
});
