// One pass over a file's text with the key index's single compiled pattern: every key and alias as a whole
// token (no character of [A-Za-z0-9_.-] touching it on either side), and quoted literals of a known area shaped
// like a key. The regex engine runs it natively; lines and columns are counted only up to each match.
import type { KeyIndex } from "./keyIndex.js";

export interface TextHit {
  /** What was written: a key, an alias, or (for unknown keys) the literal. */
  spelling: string;
  line: number;
  /** 1-based, in UTF-16 code units of the line. */
  column: number;
  /** The line, without its line break; long lines are cut to a window around the match. */
  text: string;
}

export interface ScanResult {
  hits: TextHit[];
  /** Quoted string literals shaped like a key of a known area that are no known key (see docs/hygiene.md). */
  unknown: TextHit[];
}

const MAX_TEXT = 240;
const TOKEN = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") TOKEN[ch.charCodeAt(0)] = 1;
const isTokenChar = (c: number) => c < 128 && TOKEN[c] === 1;

export function scanText(text: string, index: KeyIndex): ScanResult {
  const hits: TextHit[] = [];
  const unknown: TextHit[] = [];
  const re = index.pattern; // shared, so it is compiled once; the scan is synchronous, so lastIndex is ours
  re.lastIndex = 0;
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const literal = m[2];
    if (literal === undefined && m.index > 0 && isTokenChar(text.charCodeAt(m.index - 1))) continue;
    const at = literal === undefined ? m.index : m.index + 1;
    for (let nl = text.indexOf("\n", counted); nl !== -1 && nl < at; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    counted = at;
    if (literal === undefined) hits.push(hit(text, m[0], line, lineStart, at));
    else if (index.spellings.has(literal)) hits.push(hit(text, literal, line, lineStart, at));
    else if (!index.ignored(literal)) unknown.push(hit(text, literal, line, lineStart, at));
  }
  return { hits, unknown };
}

function hit(text: string, spelling: string, line: number, lineStart: number, at: number): TextHit {
  let end = text.indexOf("\n", at);
  if (end < 0) end = text.length;
  if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
  const column = at - lineStart + 1;
  let shown: string;
  if (end - lineStart <= MAX_TEXT) shown = text.slice(lineStart, end);
  else {
    const from = Math.max(lineStart, at - 80);
    const to = Math.min(end, from + MAX_TEXT);
    shown = `${from > lineStart ? "…" : ""}${text.slice(from, to)}${to < end ? "…" : ""}`;
  }
  return { spelling, line, column, text: shown };
}
