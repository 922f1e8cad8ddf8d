// The fast YAML path (src/core/yaml/fastYaml.ts) against the yaml library: whatever text the fast path takes,
// the library must take without a diagnostic and give the same value (key order, number identity) and the
// same position for every path. Text the fast path refuses goes to the library, so refusing is always safe;
// the example repo's own files must not be refused, or the speed-up silently disappears.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFastYaml } from "../src/core/yaml/fastYaml.js";
import { loadWithLibrary } from "../src/core/yaml/loadYaml.js";
import type { PathSegment } from "../src/core/yaml/doc.js";

const ROOT = join(import.meta.dirname, "..");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : [],
  );
}
const corpus = [join(ROOT, "flagctl.yaml"), ...["flags", "segments", "tests"].flatMap((d) => yamlFiles(join(ROOT, d)))].map((f) => ({
  name: relative(ROOT, f),
  text: readFileSync(f, "utf8"),
}));

/** Every path into a value, as numbers and as digit strings for list indices, plus one that does not exist. */
function paths(v: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix, [...prefix, "no-such-key"]);
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      paths(x, [...prefix, i], out);
      out.push([...prefix, String(i)]);
    });
    out.push([...prefix, v.length]);
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  }
  return out;
}

/** Strict equality: same types, same key order, -0 is not 0. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The fast path's answer for `text`, checked against the library's; whether the fast path took it. */
function check(text: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast) return false;
  const lib = loadWithLibrary("f.yaml", text);
  const problem = (what: string) => `${what}\n--- text:\n${text}\n--- library: ${JSON.stringify(lib.diagnostics)}\n--- fast: ${JSON.stringify(fast.value)}`;
  if (lib.diagnostics.length > 0 || !lib.doc) throw new Error(problem("the fast path took text the library reports"));
  if (!same(fast.value, lib.doc.value)) throw new Error(problem(`values differ; library: ${JSON.stringify(lib.doc.value)}`));
  for (const p of paths(lib.doc.value)) {
    for (const at of ["key", "value"] as const) {
      const want = lib.doc.locate(p, at);
      const got = fast.locate(p, at);
      if (want.line !== got.line || want.column !== got.column) {
        throw new Error(problem(`locate(${JSON.stringify(p)}, ${at}): library ${want.line}:${want.column}, fast ${got.line}:${got.column}`));
      }
    }
  }
  return true;
}

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ["\r\n", "\r", " ", "  ", "\n", ":", ": ", "-", "- ", "#", " #", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "!x ", "|", ">", "? ", "\\", "0", "01", ".", "1e3", "-0", "~", "@", "%", "`", "\t", "\r", "true", "null", "__proto__", "<<", "x: ", "\\u0041", "''", "é", "0x1F", ".5", "1.", "+1", "\u00a0", "\u3000", "1" + "0".repeat(400) + ".0"];

function mutate(text: string, r: () => number): string {
  const lines = text.split("\n");
  const pick = (n: number) => Math.floor(r() * n);
  for (let m = 1 + pick(3); m > 0; m--) {
    const li = pick(lines.length);
    const line = lines[li];
    const at = pick(line.length + 1);
    switch (pick(6)) {
      case 0:
        lines[li] = line.slice(0, at) + NOISE[pick(NOISE.length)] + line.slice(at);
        break;
      case 1:
        lines[li] = line.slice(0, at) + line.slice(at + 1 + pick(3));
        break;
      case 2:
        lines.splice(li, 0, line);
        break;
      case 3:
        lines[li] = " ".repeat(1 + pick(2)) + line;
        break;
      case 4:
        lines[li] = line.replace(/^ {1,2}/, "");
        break;
      default:
        lines.splice(li, 1);
    }
  }
  return lines.join("\n");
}

const SNIPPETS = [
  "a: 1\nb: -2\nc: 1.50\nd: 0.0\ne: 10.0\nf: 007\ng: 0o17\nh: 0x1F\ni: +3\nj: 1e3\nk: .5\nl: -.inf\nm: .nan\nn: 9007199254740993\n",
  "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: true\ng: True\nh: FALSE\ni: yes\nj: off\nk: ''\nl: \"\"\n",
  "share: { true: 25, false: 75, 1: 2, 01: 3 }\nx: { a: [1, 2], b: { c: d }, 'q': \"r\" }\ny: []\nz: {}\n",
  "a:\n- x\n- y\nb:\n  - name: n\n    env: e\n  -   k: 1\n      j: [2]\n  - [a, b]\n  - {k: v}\n  - 'it''s'\n  - \"tab\\there \\u00e9 \\\" \\\\ \\/\"\n",
  "# top\n\nk: v # c\nl: 'a # b' # c\nm: a#b\nn: \"x\"#y\no: http://x.example/a?b=c#d\np: a: b\nq: [a:b]\nr: {a:b}\n",
  "a:\n  # comment before the first key\n  b: 1\n\n    # indented comment\n  c:\n    d: [x, \"y\", 'z']\ne: |\n  block\nf: >\n  folded\n",
  "a: multi\n  line\nb: &anchor 1\nc: *anchor\nd: !tag x\n? complex\n: value\n---\ne: 1\n",
  "key with spaces: v\n'quoted key': 1\n\"dq\": 2\na  : 3\n-dash: 4\n@at: 5\n",
  "x: { a: 1, a: 2 }\ny: 1\ny: 2\n__proto__: 1\n",
  // Only U+0020 is white space to YAML here: NBSP and other Unicode spaces belong to the key or value.
  "k\u00a0: 1\n\u00a0k: 2\nm: { n\u3000: 1 }\no: x\u2003y\np: [\u00a0]\n\u00a0\n\u00a0# not a comment\n",
];

describe("fast YAML path", () => {
  it("takes every YAML file of the example repo, with the library's values and positions", () => {
    const refused = corpus.filter((f) => !check(f.text)).map((f) => f.name);
    expect(refused).toEqual([]);
    // The same files checked out with CRLF line ends (Windows).
    const refusedCrlf = corpus.filter((f) => !check(f.text.replace(/\n/g, "\r\n"))).map((f) => f.name);
    expect(refusedCrlf).toEqual([]);
    expect(corpus.length).toBeGreaterThan(30);
  });

  it("agrees with the library, or refuses, on hand-written edge cases", () => {
    let taken = 0;
    for (const s of SNIPPETS) {
      for (const line of s.split("\n")) if (check(line + "\n")) taken++;
      if (check(s)) taken++;
    }
    expect(taken).toBeGreaterThan(20); // it must not simply refuse everything
  });

  it("refuses what the library reports: duplicates, tabs, anchors, tags, multi-line scalars, forbidden keys, -0", () => {
    for (const text of [
      "a: 1\na: 2\n",
      "a:\n\tb: 1\n",
      "a: &x 1\nb: *x\n",
      "a: !t x\n",
      "a: one\n  two\n",
      "__proto__: 1\n",
      "a: { constructor: 1 }\n",
      "a: -0\n",
      `a: 1${"0".repeat(400)}.0\n`, // Infinity: the library reports it (JSON has no such number)
      "a: 1\n\u00a0\nb: 2\n", // a line of NBSP is not blank
      "a: 1\n\u00a0# x\nb: 2\n",
      "a: 1\rb: 2\n",
      "a: 'x\r'\n",
      "a: [1, 2\n",
      "a: 'x\n",
      "a: |\n  x\n",
      "---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "- a\n",
      "",
      "# only a comment\n",
    ]) {
      expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("agrees with the library, or refuses, on 4,000 random mutations of real files and edge cases", () => {
    const r = rng(20261126);
    const sources = [...corpus.map((f) => f.text), ...SNIPPETS];
    let taken = 0;
    for (let n = 0; n < 4000; n++) if (check(mutate(sources[n % sources.length], r))) taken++;
    expect(taken).toBeGreaterThan(1000);
  });
});
