// One pass over a file's text: every maximal run of token characters [A-Za-z0-9_.-] is a candidate, looked up
// in the key index's hash map. A key is a whole token exactly when no token character touches it on either side,
// so this finds every whole-token occurrence of every key and alias at once, at a cost independent of the number
// of flags (no per-flag regex, no backtracking).
import { NAME_PART } from "../repo/classify.js";
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

const TOKEN = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") TOKEN[ch.charCodeAt(0)] = 1;
const QUOTES = new Set([34, 39, 96]); // " ' `
const MAX_TEXT = 240;

export function scanText(text: string, index: KeyIndex): ScanResult {
  const hits: TextHit[] = [];
  const unknown: TextHit[] = [];
  const { spellings, minLength, maxLength } = index;
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) {
      if (c === 10) {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d >= 128 || TOKEN[d] === 0) break;
      i++;
    }
    const len = i - start;
    const quoted = start > 0 && i < n && QUOTES.has(text.charCodeAt(start - 1)) && text.charCodeAt(i) === text.charCodeAt(start - 1);
    if (len >= minLength && len <= maxLength) {
      const token = text.slice(start, i);
      if (spellings.has(token)) {
        hits.push(hit(text, token, line, lineStart, start));
        continue;
      }
      if (quoted && looksLikeKey(token, index)) unknown.push(hit(text, token, line, lineStart, start));
    } else if (quoted && len > maxLength) {
      const token = text.slice(start, i);
      if (looksLikeKey(token, index)) unknown.push(hit(text, token, line, lineStart, start));
    }
  }
  return { hits, unknown };
}

/** Shaped like a key (dot-separated name parts), in an area that holds known flags, and not ignored. */
function looksLikeKey(token: string, index: KeyIndex): boolean {
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || !index.areas.has(token.slice(0, dot))) return false;
  if (!token.split(".").every((p) => NAME_PART.test(p))) return false;
  return !index.ignored(token);
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
