import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node, type Pair } from "yaml";
import { diag, type Diagnostic } from "../diagnostic.js";
import type { Loc, SourceFile } from "../model.js";
import type { PathSegment, YamlDoc } from "./doc.js";
import { YAML_CODES as C } from "./codes.js";
import { parseFastYaml } from "./fastYaml.js";
import { FORBIDDEN_KEYS, MAX_ALIAS_COUNT, MAX_DEPTH, MAX_FILE_BYTES } from "./limits.js";

export { FORBIDDEN_KEYS, MAX_ALIAS_COUNT, MAX_DEPTH, MAX_FILE_BYTES };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Fixes for the syntax mistakes people make most in config files, by the yaml library's error code. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  BAD_SCALAR_START: 'quote the value: a plain value cannot start with @, `, %, | or >, e.g. owner: "@acme/payments"',
  TAB_AS_INDENT: "indent with spaces, not tabs",
  MULTILINE_IMPLICIT_KEY: "a key needs a colon: `key: value`, or `key:` followed by an indented block",
  BLOCK_AS_IMPLICIT_KEY: 'quote a value that contains ": ", or put the nested mapping on its own indented lines',
  UNEXPECTED_TOKEN: "a quoted value must be quoted as a whole; quote the entire value",
  BAD_INDENT: "check the indentation and that every [ and { is closed",
};

export interface LoadResult {
  doc?: YamlDoc;
  diagnostics: Diagnostic[];
}

/** Decodes and parses one YAML file. A doc is returned only when there is no error (warnings are allowed). */
export function loadYaml(file: SourceFile): LoadResult {
  const path = file.path;
  const at = (line = 1, column = 1): Loc => ({ file: path, line, column });

  if (file.bytes.length > MAX_FILE_BYTES) {
    return fail(diag(C.TOO_LARGE, "error", at(), `file is ${file.bytes.length} bytes, over the 1 MiB limit`, "split it up: a flag file should be a few kilobytes"));
  }
  let text: string;
  try {
    text = decoder.decode(file.bytes);
  } catch {
    const bad = firstInvalidUtf8(file.bytes);
    const { line, column } = lineColOfBytes(file.bytes, bad);
    return fail(diag(C.NOT_UTF8, "error", at(line, column), `file is not valid UTF-8 (bad byte 0x${file.bytes[bad]?.toString(16).padStart(2, "0") ?? "??"} at offset ${bad})`, "save the file as UTF-8"));
  }

  const fast = parseFastYaml(text);
  if (fast) return { doc: { file: path, value: fast.value, locate: (segments, where) => ({ file: path, ...fast.locate(segments, where) }) }, diagnostics: [] };
  return loadWithLibrary(path, text);
}

/** The full YAML parse, for text outside the fast path's subset; every diagnostic comes from here. */
export function loadWithLibrary(path: string, text: string): LoadResult {
  const at = (line = 1, column = 1): Loc => ({ file: path, line, column });
  const lines = new LineCounter();
  const locOf = (offset: number): Loc => {
    const p = lines.linePos(offset);
    return { file: path, line: p.line, column: p.col };
  };
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const deepAt = firstTooDeep(tokens, MAX_DEPTH);
  if (deepAt !== undefined) {
    return fail(diag(C.TOO_DEEP, "error", locOf(deepAt), `collections are nested more than ${MAX_DEPTH} levels deep`, "flatten the structure: no flag needs this much nesting"));
  }
  let ydoc: Document.Parsed | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const d of new Composer({ uniqueKeys: true, version: "1.2", merge: true }).compose(tokens, true, text.length)) {
    if (!ydoc) ydoc = d;
    else {
      diagnostics.push(diag(C.MULTIPLE_DOCS, "error", locOf(d.range[0]), "file contains more than one YAML document (`---`)", "keep one document per file: one flag, segment or test list"));
      break;
    }
  }
  if (!ydoc) return fail(diag(C.EMPTY, "error", at(), "file is empty", "write the file's content, or delete the file"));
  for (const e of ydoc.errors) {
    const loc = locOf(e.pos[0]);
    // The parser turns its own stack overflow on absurd nesting into an error; say what it means.
    const first = /call stack/i.test(e.message) ? "nesting is too deep" : e.message.split("\n")[0];
    if (e.code === "DUPLICATE_KEY") {
      const key = text.slice(e.pos[0], e.pos[0] + 200).split(/[:\n]/)[0].trim();
      diagnostics.push(diag(C.DUPLICATE_KEY, "error", loc, `duplicate key${key ? ` \`${key}\`` : ""}: this mapping already has it`, "remove or rename one of the two entries"));
    } else if (!diagnostics.some((d) => d.code === C.SYNTAX)) {
      // Later syntax errors are mostly the parser recovering from the first one.
      diagnostics.push(diag(C.SYNTAX, "error", loc, `invalid YAML: ${first}`, SYNTAX_HINTS[e.code] ?? "fix the YAML syntax at this position"));
    }
  }
  for (const w of ydoc.warnings) {
    diagnostics.push(diag(C.PARSER_WARNING, "warning", locOf(w.pos[0]), `YAML: ${w.message.split("\n")[0]}`, "remove custom tags (`!foo`); flagctl reads plain YAML"));
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  if (ydoc.contents === null) {
    diagnostics.push(diag(C.EMPTY, "error", at(), "file is empty", "write the file's content, or delete the file"));
    return { diagnostics };
  }

  // Drop forbidden keys from the tree before it becomes JS, and refuse keys that are not scalars.
  let firstAlias: Node | undefined;
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const items = node.items as Pair[];
      let kept: Pair[] | undefined;
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        const key = pair.key;
        let drop = false;
        if (isScalar(key)) {
          if (typeof key.value === "string" && FORBIDDEN_KEYS.has(key.value)) {
            drop = true;
            diagnostics.push(diag(C.FORBIDDEN_KEY, "error", locOf(key.range?.[0] ?? 0), `key \`${key.value}\` is not allowed`, `remove \`${key.value}\`: it is reserved and ignored`));
          }
        } else if (key !== null && key !== undefined) {
          drop = true;
          diagnostics.push(diag(C.COMPLEX_KEY, "error", locOf((key as Node).range?.[0] ?? 0), "mapping keys must be plain strings, not lists, mappings or aliases", "write the key as a plain string"));
        }
        if (drop) kept ??= items.slice(0, i);
        else {
          kept?.push(pair);
          walk(pair.value);
        }
      }
      if (kept) node.items = kept;
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isScalar(node) && typeof node.value === "number" && !Number.isFinite(node.value)) {
      // YAML's .inf/.nan are numbers to the parser, but JSON (a release, a context, an OFREP answer) has no
      // such value: left alone they became `null` in messages ("null is not a number").
      const text = String(node.source ?? node.value);
      diagnostics.push(
        diag(C.NOT_FINITE, "error", locOf(node.range?.[0] ?? 0), `\`${text}\` is ${Number.isNaN(node.value) ? "not-a-number" : "infinity"}, which flagctl cannot use: JSON has no such value`, "write a finite number (e.g. 1e308), or quote it to make it a string"),
      );
    } else if (isAlias(node)) {
      firstAlias ??= node;
    }
  };
  walk(ydoc.contents);

  let value: unknown;
  try {
    value = ydoc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const loc = locOf(firstAlias?.range?.[0] ?? 0);
    if (/alias count/i.test(msg)) {
      diagnostics.push(diag(C.ALIAS_BOMB, "error", loc, `aliases expand too much (over ${MAX_ALIAS_COUNT}x): refusing a possible alias bomb`, "write the values out instead of nesting aliases"));
    } else {
      diagnostics.push(diag(C.BAD_ALIAS, "error", loc, `bad alias: ${msg.split("\n")[0]}`, "define the anchor (`&name`) before using `*name`"));
    }
    return { diagnostics };
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  // Aliases can nest values more deeply than the text does; later stages recurse over the value too.
  if (firstAlias && valueTooDeep(value, MAX_DEPTH)) {
    diagnostics.push(diag(C.TOO_DEEP, "error", locOf(firstAlias?.range?.[0] ?? 0), `aliases nest values more than ${MAX_DEPTH} levels deep`, "write the values out instead of chaining aliases"));
    return { diagnostics };
  }

  const root = ydoc.contents as Node;
  const doc_ = ydoc;
  const doc: YamlDoc = {
    file: path,
    value,
    locate(segments: readonly PathSegment[], where: "key" | "value" = "value"): Loc {
      let node: unknown = root;
      let keyNode: Node | undefined;
      for (const seg of segments) {
        while (isAlias(node)) node = node.resolve(doc_);
        let next: unknown;
        let nextKey: Node | undefined;
        if (isMap(node)) {
          for (const pair of node.items as Pair[]) {
            if (isScalar(pair.key) && keyString(pair.key.value) === String(seg)) {
              next = pair.value;
              nextKey = pair.key;
              break;
            }
          }
        } else if (isSeq(node)) {
          const i = typeof seg === "number" ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
          next = i >= 0 ? node.items[i] : undefined;
        }
        if (next === undefined && nextKey === undefined) break; // nearest existing ancestor
        keyNode = nextKey;
        // `key:` with no value still has a key to point at.
        node = next ?? nextKey;
        if (next === null || (isScalar(next) && next.value === null && (!next.range || next.range[0] === next.range[1]))) node = nextKey;
      }
      const target = where === "key" && keyNode ? keyNode : (node as Node | null);
      const offset = rangeStart(target) ?? rangeStart(keyNode) ?? 0;
      return locOf(offset);
    },
  };
  return { doc, diagnostics };
}

function fail(d: Diagnostic): LoadResult {
  return { diagnostics: [d] };
}

/** Offset of the first collection nested deeper than `max` in the token tree, walked without recursion. */
function firstTooDeep(tokens: readonly CST.Token[], max: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document") {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > max) return token.offset;
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

function valueTooDeep(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** The yaml library's own rule for turning a scalar key into a JS property name. */
function keyString(v: unknown): string {
  return v === null ? "" : String(v);
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && !isPair(node)) return (node as Node).range?.[0];
  return undefined;
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    }
    // Overlongs and surrogates are also invalid; checking the second byte range catches them.
    if (n === 2 && ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] > 0x9f))) return i;
    if (n === 3 && ((c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] > 0x8f))) return i;
    i += n + 1;
  }
  return b.length;
}

/** 1-based line and column (in characters) of a byte offset; used only to point at a decoding failure. */
function lineColOfBytes(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      column = 1;
    } else if ((b[i] & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}
