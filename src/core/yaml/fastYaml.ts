// A fast path for the YAML that flag repos are made of: block mappings and sequences of one-line scalars and
// one-line flow collections. The yaml library stays the authority: it parses at about 1.5 MB/s, which was
// four fifths of validate's time on a large repo, and this reads the same files about eight times faster. Anything
// outside that subset, or anything the library would report (a duplicate key, a tab, an anchor, a tag, a
// multi-line scalar, a forbidden key, a number it reads differently), makes this return undefined, and the
// caller parses with the library. Only U+0020 is white space here (a tab is refused; NBSP and the like are part
// of a key or value, as in YAML). test/fastYaml.test.ts checks it against the library, value and positions.
import type { PathSegment } from "./doc.js";
import { FORBIDDEN_KEYS, MAX_DEPTH, MAX_MAP_KEYS } from "./limits.js";

/** 1-based, columns in UTF-16 code units, as the yaml library's LineCounter counts them. */
export interface Pos {
  line: number;
  column: number;
}

type Node =
  | { kind: "scalar"; pos: Pos }
  | { kind: "map"; pos: Pos; entries: Map<string, { key: Pos; node: Node | undefined }> }
  | { kind: "seq"; pos: Pos; items: Node[] };

export interface FastYaml {
  value: unknown;
  /** Same contract as YamlDoc.locate. */
  locate(path: readonly PathSegment[], at?: "key" | "value"): Pos;
}

/** Thrown (and caught below) when the text leaves the subset. */
const OUT = Symbol("not in the fast subset");
const out = (): never => {
  throw OUT;
};

// Characters that, starting a plain scalar or key, mean YAML syntax this path leaves to the library.
const INDICATORS = new Set([..."-?:,[]{}#&*!|>'\"%@`"]);
// The whole text must avoid these: tabs and CRs other than in CRLF line ends (indentation and line-break rules),
// byte order marks, control and line-separator characters, and lone surrogates.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED = /\r(?!\n)|[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// The YAML 1.2 core schema's tests, in the library's order; a plain scalar matching none is a string.
const CORE = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const SIMPLE_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "0": "\0" };
/** The library refuses implicit keys longer than this (1,024); keep well clear. */
const MAX_KEY = 1000;

/** The value and positions of `text` when it is in the subset, else undefined. */
export function parseFastYaml(text: string): FastYaml | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e === OUT) return undefined;
    throw e;
  }
}

class Reader {
  private readonly lines: string[];
  /** Index of the current content line (blank and comment-only lines are skipped). */
  private i = -1;
  private depth = 0;

  constructor(text: string) {
    // CRLF files (a Windows checkout) read as LF ones: the CR ends each line, so no column moves.
    this.lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    this.skipToContent(0);
  }

  document(): FastYaml {
    if (this.i >= this.lines.length || this.indent() !== 0) out();
    const { value, node } = this.blockMap(0);
    if (this.i < this.lines.length) out();
    return { value, locate: (path, at = "value") => locate(node, path, at) };
  }

  // ------------------------------------------------------------------ lines

  private skipToContent(from: number): void {
    let i = from;
    for (; i < this.lines.length; i++) {
      const l = this.lines[i];
      const c = skipSpaces(l, 0);
      if (c === l.length || l[c] === "#") continue;
      // Document markers and directives belong to the library.
      if (l.startsWith("---") || l.startsWith("...") || l[0] === "%") out();
      break;
    }
    this.i = i;
  }

  private indent(): number {
    return skipSpaces(this.lines[this.i], 0);
  }

  private pos(column0: number): Pos {
    return { line: this.i + 1, column: column0 + 1 };
  }

  private nested<T>(f: () => T): T {
    // Real files nest a few levels; well before the library's limit, deep text goes to the library to report.
    if (++this.depth > MAX_DEPTH / 2) out();
    const r = f();
    this.depth--;
    return r;
  }

  // ------------------------------------------------------------------ block collections

  /** Entries at column `indent`, the first on the current line (possibly after a sequence item's `- `). */
  private blockMap(indent: number): { value: Record<string, unknown>; node: Node } {
    return this.nested(() => {
      const value: Record<string, unknown> = {};
      const entries = new Map<string, { key: Pos; node: Node | undefined }>();
      const node: Node = { kind: "map", pos: this.pos(indent), entries };
      for (;;) {
        const line = this.lines[this.i];
        const keyPos = this.pos(indent);
        const k = this.key(line, indent);
        if (entries.has(k.key) || FORBIDDEN_KEYS.has(k.key) || k.key === "<<" || entries.size === MAX_MAP_KEYS) out();
        const p = skipSpaces(line, k.end);
        const child = p === line.length || line[p] === "#" ? this.blockValue(indent) : this.lineValue(line, p, indent);
        value[k.key] = child.value;
        entries.set(k.key, { key: keyPos, node: child.node });
        if (this.i >= this.lines.length) break;
        const ind = this.indent();
        if (ind < indent) break;
        if (ind > indent) out();
      }
      return { value, node };
    });
  }

  /**
   * A value at `c` that ends its line (a comment may follow), in a collection at column `indent`: a more indented
   * line after it would continue a multi-line scalar, or be an error, so that is the library's.
   */
  private lineValue(line: string, c: number, indent: number): { value: unknown; node: Node } {
    const v = this.inline(line, c, false);
    const p = skipSpaces(line, v.end);
    if (p < line.length && (line[p] !== "#" || line[p - 1] !== " ")) out();
    this.skipToContent(this.i + 1);
    if (this.i < this.lines.length && this.indent() > indent) out();
    return v;
  }

  /** What follows `key:` at the end of a line: a nested block, a sequence at the key's own column, or nothing. */
  private blockValue(indent: number): { value: unknown; node: Node | undefined } {
    this.skipToContent(this.i + 1);
    if (this.i >= this.lines.length) return { value: null, node: undefined };
    const ind = this.indent();
    const line = this.lines[this.i];
    const dash = line[ind] === "-" && isBlank(line, ind + 1);
    if (ind > indent) return dash ? this.blockSeq(ind) : this.blockMap(ind);
    if (ind === indent && dash) return this.blockSeq(ind);
    return { value: null, node: undefined };
  }

  private blockSeq(indent: number): { value: unknown[]; node: Node } {
    return this.nested(() => {
      const value: unknown[] = [];
      const items: Node[] = [];
      const node: Node = { kind: "seq", pos: this.pos(indent), items };
      for (;;) {
        const line = this.lines[this.i];
        const c = skipSpaces(line, indent + 1);
        if (c === line.length || line[c] === "#" || (line[c] === "-" && isBlank(line, c + 1))) out();
        if (this.startsEntry(line, c)) {
          const m = this.blockMap(c);
          value.push(m.value);
          items.push(m.node);
        } else {
          const v = this.lineValue(line, c, indent);
          value.push(v.value);
          items.push(v.node);
        }
        if (this.i >= this.lines.length) break;
        const ind = this.indent();
        const next = this.lines[this.i];
        if (ind < indent) break;
        if (ind > indent) out();
        if (!(next[ind] === "-" && isBlank(next, ind + 1))) break; // a sibling key of a sequence at its key's column
      }
      return { value, node };
    });
  }

  /** Whether the text at `c` is `key:` (then a space or the end of the line). */
  private startsEntry(line: string, c: number): boolean {
    const ch = line[c];
    if (ch === "[" || ch === "{") return false;
    if (ch === '"' || ch === "'") {
      const q = quoted(line, c);
      return line[q.end] === ":" && isBlank(line, q.end + 1);
    }
    return keyColon(line, c) !== -1;
  }

  private key(line: string, c: number): { key: string; end: number } {
    const ch = line[c];
    if (ch === '"' || ch === "'") {
      const q = quoted(line, c);
      if (line[q.end] !== ":" || !isBlank(line, q.end + 1) || q.end - c > MAX_KEY) out();
      return { key: q.value, end: q.end + 1 };
    }
    const colon = keyColon(line, c);
    if (colon === -1 || colon - c > MAX_KEY) out();
    const text = trimSpaces(line.slice(c, colon));
    if (text === "" || INDICATORS.has(text[0]) || /[#,[\]{}]/.test(text)) out();
    return { key: plainKey(text), end: colon + 1 };
  }

  // ------------------------------------------------------------------ one-line values

  /** A scalar or flow collection starting at `c`, ending on this line. */
  private inline(line: string, c: number, flow: boolean): { value: unknown; node: Node; end: number } {
    const ch = line[c];
    const pos = this.pos(c);
    if (ch === '"' || ch === "'") {
      const q = quoted(line, c);
      if (q.end < line.length && !isBlank(line, q.end) && !(flow && ",]}:".includes(line[q.end]))) out();
      return { value: q.value, node: { kind: "scalar", pos }, end: q.end };
    }
    if (ch === "[") return this.nested(() => this.flowSeq(line, c));
    if (ch === "{") return this.nested(() => this.flowMap(line, c));
    if (ch === undefined || INDICATORS.has(ch)) {
      // `-1` and `-.5` are numbers, not indicators.
      if (!(ch === "-" && /[0-9.]/.test(line[c + 1] ?? ""))) out();
    }
    let end = c;
    for (; end < line.length; end++) {
      const x = line[end];
      if (x === "#" && line[end - 1] === " ") break;
      if (x === ":" && (flow || isBlank(line, end + 1))) out();
      if (flow && (x === "," || x === "]" || x === "}")) break;
      if (flow && (x === "[" || x === "{")) out();
    }
    const text = trimSpaces(line.slice(c, end));
    return { value: plainValue(text), node: { kind: "scalar", pos }, end: c + text.length };
  }

  private flowSeq(line: string, open: number): { value: unknown[]; node: Node; end: number } {
    const value: unknown[] = [];
    const items: Node[] = [];
    let p = skipSpaces(line, open + 1);
    if (line[p] === "]") return { value, node: { kind: "seq", pos: this.pos(open), items }, end: p + 1 };
    for (;;) {
      const v = this.inline(line, p, true);
      value.push(v.value);
      items.push(v.node);
      p = skipSpaces(line, v.end);
      if (line[p] === "]") return { value, node: { kind: "seq", pos: this.pos(open), items }, end: p + 1 };
      if (line[p] !== ",") out();
      p = skipSpaces(line, p + 1);
      if (line[p] === "]" || line[p] === ",") out(); // a trailing or empty entry
    }
  }

  private flowMap(line: string, open: number): { value: Record<string, unknown>; node: Node; end: number } {
    const value: Record<string, unknown> = {};
    const entries = new Map<string, { key: Pos; node: Node | undefined }>();
    const node: Node = { kind: "map", pos: this.pos(open), entries };
    let p = skipSpaces(line, open + 1);
    if (line[p] === "}") return { value, node, end: p + 1 };
    for (;;) {
      const keyPos = this.pos(p);
      let key: string;
      const ch = line[p];
      if (ch === '"' || ch === "'") {
        const q = quoted(line, p);
        key = q.value;
        p = q.end;
      } else {
        let e = p;
        while (e < line.length && !":,[]{}#".includes(line[e])) e++;
        const text = trimSpaces(line.slice(p, e));
        if (text === "" || INDICATORS.has(text[0])) out();
        key = plainKey(text);
        p = e;
      }
      if (line[p] !== ":" || line[p + 1] !== " " || entries.has(key) || FORBIDDEN_KEYS.has(key) || key === "<<" || entries.size === MAX_MAP_KEYS) out();
      const v = this.inline(line, skipSpaces(line, p + 1), true);
      value[key] = v.value;
      entries.set(key, { key: keyPos, node: v.node });
      p = skipSpaces(line, v.end);
      if (line[p] === "}") return { value, node, end: p + 1 };
      if (line[p] !== ",") out();
      p = skipSpaces(line, p + 1);
      if (line[p] === "}" || line[p] === ",") out();
    }
  }
}

// ------------------------------------------------------------------ scalars

function skipSpaces(line: string, p: number): number {
  while (line.charCodeAt(p) === 32) p++;
  return p;
}

/** `s` without trailing spaces. Only U+0020 is YAML white space here (tabs are refused): String.trimEnd would
 * also drop NBSP, U+3000 and the like, which the library keeps as part of a key or value. */
function trimSpaces(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return s.slice(0, e);
}

function isBlank(line: string, p: number): boolean {
  return p >= line.length || line[p] === " ";
}

/** The `:` ending a plain block key that starts at `c`, or -1 (no `: ` before a comment or the line's end). */
function keyColon(line: string, c: number): number {
  for (let p = c; p < line.length; p++) {
    const x = line[p];
    if (x === "#" && line[p - 1] === " ") return -1;
    if (x === ":" && isBlank(line, p + 1)) return p;
  }
  return -1;
}

/** A quoted scalar on one line; escapes beyond the common ones are left to the library. */
function quoted(line: string, c: number): { value: string; end: number } {
  const q = line[c];
  let value = "";
  let from = c + 1; // start of the run of plain characters not yet added to `value`
  for (let p = from; ; ) {
    if (p >= line.length) out();
    const x = line[p];
    if (x === q) {
      value += line.slice(from, p);
      if (q === "'" && line[p + 1] === "'") {
        value += "'";
        p = from = p + 2;
        continue;
      }
      return { value, end: p + 1 };
    }
    if (x === "\\" && q === '"') {
      value += line.slice(from, p);
      const e = line[p + 1];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(line.slice(p + 2, p + 6))) {
        value += String.fromCharCode(parseInt(line.slice(p + 2, p + 6), 16));
        p = from = p + 6;
        continue;
      }
      if (!Object.hasOwn(ESCAPES, e)) out();
      value += ESCAPES[e];
      p = from = p + 2;
      continue;
    }
    p++;
  }
}

/** A plain key as the library makes it a property name: strings, and booleans and integers written plainly. */
function plainKey(text: string): string {
  if (!CORE.test(text)) return text;
  if (text === "true" || text === "false") return text;
  if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return text;
  return out();
}

function plainValue(text: string): unknown {
  if (!CORE.test(text)) return text;
  if (text === "~" || text === "null" || text === "Null" || text === "NULL") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  if (SIMPLE_NUMBER.test(text)) {
    const n = Number(text);
    // A decimal with 309 digits or more is Infinity, which the library reports (JSON has no such number).
    if (Number.isFinite(n) && !Object.is(n, -0) && (text.includes(".") || Number.isSafeInteger(n))) return n;
  }
  return out();
}

// ------------------------------------------------------------------ positions

/** loadYaml's locate over this tree: the nearest existing ancestor; an entry without a value is its key. */
function locate(root: Node, path: readonly PathSegment[], at: "key" | "value"): Pos {
  let node: Node | Pos | undefined = root;
  let key: Pos | undefined;
  for (const seg of path) {
    let next: Node | undefined;
    let nextKey: Pos | undefined;
    let found = false;
    if (node !== undefined && "kind" in node && node.kind === "map") {
      const e = node.entries.get(String(seg));
      if (e) {
        found = true;
        next = e.node;
        nextKey = e.key;
      }
    } else if (node !== undefined && "kind" in node && node.kind === "seq") {
      const i = typeof seg === "number" ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      next = i >= 0 ? node.items[i] : undefined;
      found = next !== undefined;
    }
    if (!found) break;
    key = nextKey;
    node = next ?? nextKey;
  }
  const target = at === "key" && key ? key : node;
  const p = target === undefined ? key : "kind" in target ? target.pos : target;
  return p ?? { line: 1, column: 1 };
}
