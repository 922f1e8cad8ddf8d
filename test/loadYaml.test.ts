import { describe, expect, it } from "vitest";
import { loadYaml, MAX_DEPTH, MAX_FILE_BYTES, MAX_MAP_KEYS } from "../src/core/index.js";

const enc = new TextEncoder();
const load = (text: string | Uint8Array, path = "flags/a/b.yaml") =>
  loadYaml({ path, bytes: typeof text === "string" ? enc.encode(text) : text });
const only = (r: ReturnType<typeof load>) => {
  expect(r.doc).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  return r.diagnostics[0];
};

describe("loadYaml faults", () => {
  it("refuses files over 1 MiB", () => {
    const d = only(load("a: " + "x".repeat(MAX_FILE_BYTES) + "\n"));
    expect(d).toMatchObject({ code: "YAML001", severity: "error", file: "flags/a/b.yaml", line: 1, column: 1 });
  });

  it("accepts a file of exactly 1 MiB", () => {
    const text = "a: " + "x".repeat(MAX_FILE_BYTES - 4) + "\n";
    expect(enc.encode(text).length).toBe(MAX_FILE_BYTES);
    expect(load(text).doc).toBeDefined();
  });

  it("refuses non-UTF-8 bytes, pointing at the bad byte", () => {
    const bytes = Uint8Array.from([...enc.encode("a: 1\nb: caf"), 0xe9, ...enc.encode("\n")]);
    const d = only(load(bytes));
    expect(d).toMatchObject({ code: "YAML002", line: 2, column: 7 });
    expect(d.message).toContain("0xe9");
  });

  it("reports invalid YAML at the parser's position", () => {
    const d = only(load("description: ok\nenvironments:\n  prod: [1, 2\nx: 1\n"));
    expect(d.code).toBe("YAML003");
    expect(d.file).toBe("flags/a/b.yaml");
    expect(d.line).toBeGreaterThanOrEqual(3);
    expect(d.message).toMatch(/^invalid YAML: /);
  });

  it.each([
    ["owner: @acme/x\n", 1, 8, 'owner: "@acme/payments"'],
    ["a:\n\tb: 1\n", 2, 1, "not tabs"],
  ])("gives a specific fix for a common syntax mistake (%j)", (text, line, column, hint) => {
    const d = only(load(text));
    expect(d).toMatchObject({ code: "YAML003", line, column });
    expect(d.hint).toContain(hint);
  });

  it("reports only the first of cascading syntax errors, at its line and column", () => {
    const d = only(load("a:\n  b: 1\n   c: 2\n"));
    expect(d).toMatchObject({ code: "YAML003", line: 2, column: 6 });
  });

  it("refuses absurdly deep nesting without crashing (repeatedly: a V8 stack overflow can abort the process)", () => {
    for (let i = 0; i < 3; i++) {
      const depth = 50_000;
      const d = only(load("a: " + "[".repeat(depth) + "]".repeat(depth) + "\n"));
      expect(d).toMatchObject({ code: "YAML012", line: 1, column: 67 });
    }
    const block = Array.from({ length: 70 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n";
    expect(only(load(block))).toMatchObject({ code: "YAML012", line: 65, column: 65 });
    const compact = "- ".repeat(50_000) + "1\n";
    expect(only(load(compact))).toMatchObject({ code: "YAML012", line: 1 });
  });

  it("refuses a mapping of more than 10,000 keys before the library checks them pairwise for duplicates", () => {
    const keys = (n: number, indent = "  ") => Array.from({ length: n }, (_, i) => `${indent}k${i}: ${i}`).join("\n");
    const ok = load(`table:\n${keys(MAX_MAP_KEYS)}\n`);
    expect(ok.diagnostics).toEqual([]);
    expect(Object.keys((ok.doc!.value as { table: object }).table)).toHaveLength(MAX_MAP_KEYS);
    // Clean (the fast reader's subset), with an anchor (the library's path), and as one flow mapping.
    for (const text of [`table:\n${keys(MAX_MAP_KEYS + 1)}\n`, `a: &x 1\ntable:\n${keys(MAX_MAP_KEYS + 1)}\n`]) {
      expect(only(load(text))).toMatchObject({ code: "YAML014", severity: "error", line: text.startsWith("a:") ? 3 : 2, column: 3 });
    }
    const flow = `table: {${Array.from({ length: MAX_MAP_KEYS + 1 }, (_, i) => `k${i}: ${i}`).join(", ")}}\n`;
    expect(only(load(flow))).toMatchObject({ code: "YAML014", line: 1, column: 8 });
  });

  it("accepts nesting up to the limit", () => {
    const r = load("a: " + "[".repeat(MAX_DEPTH - 1) + "]".repeat(MAX_DEPTH - 1) + "\n");
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses alias chains that nest the value too deeply", () => {
    const lines = ["a0: &a0 [x]"];
    // Each link nests 12 levels; the alias-expansion cap allows a chain this short.
    for (let i = 1; i < 7; i++) lines.push(`a${i}: &a${i} ${"[".repeat(12)}*a${i - 1}${"]".repeat(12)}`);
    const d = only(load(lines.join("\n") + "\n"));
    expect(d).toMatchObject({ code: "YAML012", line: 2, column: 21 });
  });

  it("refuses duplicate keys, at the second key, naming it", () => {
    const d = only(load("environments:\n  prod: true\n  dev: false\n  prod: false\n"));
    expect(d).toMatchObject({ code: "YAML004", line: 4, column: 3 });
    expect(d.message).toContain("`prod`");
  });

  it("refuses more than one document, at the second", () => {
    const d = only(load("default: true\n---\ndefault: false\n"));
    expect(d).toMatchObject({ code: "YAML005", line: 2, column: 1 });
  });

  it("refuses alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ].join("\n");
    const d = only(load(bomb));
    expect(d).toMatchObject({ code: "YAML006", line: 2, column: 8 });
  });

  it("allows a few plain aliases", () => {
    const r = load("base: &base { a: 1 }\nother: *base\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.doc!.value).toEqual({ base: { a: 1 }, other: { a: 1 } });
  });

  it("supports << merge keys, locating merged-in paths at the mapping", () => {
    const r = load("base: &base { serve: true, rules: [] }\nenvironments:\n  prod:\n    <<: *base\n    serve: false\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.doc!.value).toEqual({ base: { serve: true, rules: [] }, environments: { prod: { serve: false, rules: [] } } });
    expect(r.doc!.locate(["environments", "prod", "serve"])).toMatchObject({ line: 5, column: 12 });
    expect(r.doc!.locate(["environments", "prod", "rules"])).toMatchObject({ line: 4, column: 5 });
  });

  it("reports an alias to an undefined anchor", () => {
    const d = only(load("a: 1\nb: *nope\n"));
    expect(d).toMatchObject({ code: "YAML007", line: 2, column: 4 });
  });

  it.each(["__proto__", "constructor", "prototype"])("reports and drops `%s` keys wherever they are", (key) => {
    const r = load(`a: 1\nenvironments:\n  prod:\n    ${key}: { polluted: true }\n`);
    expect(r.doc).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "YAML008", line: 4, column: 5 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("refuses non-string keys", () => {
    const d = only(load("? [a, b]\n: 1\n"));
    expect(d).toMatchObject({ code: "YAML009", line: 1, column: 3 });
  });

  it.each([
    ["empty", ""],
    ["only comments", "# nothing here\n\n"],
  ])("refuses an empty file (%s)", (_name, text) => {
    expect(only(load(text))).toMatchObject({ code: "YAML010", line: 1, column: 1 });
  });

  it("warns (without refusing) on custom tags", () => {
    const r = load("a: !secret x\n");
    expect(r.doc).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "YAML011", severity: "warning", line: 1, column: 4 })]);
  });

  it("strips a UTF-8 BOM", () => {
    const r = load(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode("a: 1\n")]));
    expect(r.doc!.value).toEqual({ a: 1 });
  });
});

describe("locate", () => {
  const text = [
    "description: x", // 1
    "default: false", // 2
    "environments:", // 3
    "  prod:", // 4
    "    rules:", // 5
    "      - if: { team: { in: [a, b] } }", // 6
    "        serve: true", // 7
    "    serve: { rollout: { true: 25, false: 75 } }", // 8
    "  dev:", // 9
    "empty:", // 10
  ].join("\n");
  const doc = load(text).doc!;

  it("finds values and keys by path", () => {
    expect(doc.locate(["default"])).toEqual({ file: "flags/a/b.yaml", line: 2, column: 10 });
    expect(doc.locate(["default"], "key")).toMatchObject({ line: 2, column: 1 });
    expect(doc.locate(["environments", "prod", "rules", 0, "if", "team", "in", 1])).toMatchObject({ line: 6, column: 31 });
    expect(doc.locate(["environments", "prod", "rules", "0", "serve"])).toMatchObject({ line: 7, column: 16 });
    expect(doc.locate(["environments", "prod", "serve", "rollout", "true"], "key")).toMatchObject({ line: 8, column: 25 });
  });

  it("points at the key of an entry with no value", () => {
    expect(doc.locate(["environments", "dev"])).toMatchObject({ line: 9, column: 3 });
    expect(doc.locate(["empty"])).toMatchObject({ line: 10, column: 1 });
  });

  it("falls back to the nearest existing ancestor", () => {
    expect(doc.locate(["environments", "prod", "rules", 7, "serve"])).toMatchObject({ line: 6, column: 7 });
    expect(doc.locate(["nope", "deeper"])).toMatchObject({ line: 1, column: 1 });
    expect(doc.locate([])).toMatchObject({ line: 1, column: 1 });
  });

  it("turns scalar keys into the same strings as the value does", () => {
    const d = load("1: a\ntrue: b\nnull: c\n").doc!;
    expect(Object.keys(d.value as object).sort()).toEqual(["", "1", "true"]);
    expect(d.locate(["true"], "key")).toMatchObject({ line: 2, column: 1 });
    expect(d.locate([""], "key")).toMatchObject({ line: 3, column: 1 });
  });

  it("reads YAML 1.2: dates stay strings, yes/no stay strings", () => {
    expect(load("expires: 2027-03-01\nx: yes\n").doc!.value).toEqual({ expires: "2027-03-01", x: "yes" });
  });
});
