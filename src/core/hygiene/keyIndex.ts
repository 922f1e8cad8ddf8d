// Every spelling that counts as a reference (keys and their aliases) in one hash map, plus what the scanner needs
// to recognise a key-like string literal that names no flag.
import type { AliasStyle } from "../model.js";
import { aliasesOf } from "./aliases.js";

export interface Spelling {
  /** The flag keys this spelling refers to (two keys can share an alias: a.b-c and a.b_c are both A_B_C). */
  keys: string[];
  /** The alias style, or undefined for the key itself. */
  style?: AliasStyle;
}

export interface KeyIndex {
  keys: string[];
  spellings: Map<string, Spelling>;
  minLength: number;
  maxLength: number;
  /** Areas of known keys: every key with its last part removed ("checkout" for checkout.new-flow). */
  areas: Set<string>;
  ignored: (text: string) => boolean;
  /**
   * One compiled pattern for the whole scan: every spelling not followed by a token character, or a quoted
   * literal of a known area shaped like a key (group 2). Keys are laid out as a trie, so the regex engine's cost per position is
   * the length of the longest match, not the number of flags.
   */
  pattern: RegExp;
}

export function buildKeyIndex(keys: Iterable<string>, options: { aliases?: readonly AliasStyle[]; ignore?: readonly string[] } = {}): KeyIndex {
  const sorted = [...new Set(keys)].sort();
  const spellings = new Map<string, Spelling>();
  const areas = new Set<string>();
  // Keys first, so a key that equals another key's alias stays a key.
  for (const key of sorted) {
    spellings.set(key, { keys: [key] });
    const dot = key.lastIndexOf(".");
    if (dot > 0) areas.add(key.slice(0, dot));
  }
  for (const key of sorted) {
    for (const { spelling, style } of aliasesOf(key, options.aliases ?? [])) {
      const have = spellings.get(spelling);
      if (!have) spellings.set(spelling, { keys: [key], style });
      else if (have.style !== undefined && !have.keys.includes(key)) have.keys.push(key);
    }
  }
  let minLength = Infinity;
  let maxLength = 0;
  for (const s of spellings.keys()) {
    minLength = Math.min(minLength, s.length);
    maxLength = Math.max(maxLength, s.length);
  }
  const boundary = "[A-Za-z0-9_.\\-]";
  const alternatives: string[] = [];
  // No lookbehind: a leading assertion keeps the engine from skipping ahead to a key's first characters, so
  // the scanner checks the character before a match itself (a match inside a longer token is dropped).
  if (spellings.size > 0) alternatives.push(`${trieSource([...spellings.keys()])}(?!${boundary})`);
  if (areas.size > 0) alternatives.push(`(["'\`])(${trieSource([...areas])}\\.[A-Za-z0-9][A-Za-z0-9_\\-]*)\\1`);
  const pattern = new RegExp(alternatives.length > 0 ? alternatives.join("|") : "(?!)", "g");
  return { keys: sorted, spellings, minLength, maxLength, areas, ignored: ignoreMatcher(options.ignore ?? []), pattern };
}

const SPECIAL = new Set([..."\\^$.*+?()[]{}|/-"]);

/** A regex source matching exactly the given strings, factored by common prefixes. */
export function trieSource(words: readonly string[]): string {
  interface Node { end: boolean; next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let m = n.next.get(ch);
      if (!m) n.next.set(ch, (m = { end: false, next: new Map() }));
      n = m;
    }
    n.end = true;
  }
  const esc = (ch: string) => (SPECIAL.has(ch) ? `\\${ch}` : ch);
  const emit = (n: Node): string => {
    const branches = [...n.next.entries()].map(([ch, m]) => esc(ch) + emit(m));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join("|")})`;
    return n.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/** Exact strings, or patterns where `*` matches any run of characters. */
export function ignoreMatcher(patterns: readonly string[]): (text: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes("*")));
  const globs = patterns
    .filter((p) => p.includes("*"))
    .map((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`));
  return (text) => exact.has(text) || globs.some((g) => g.test(text));
}
