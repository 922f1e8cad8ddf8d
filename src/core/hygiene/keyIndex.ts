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
  return { keys: sorted, spellings, minLength, maxLength, areas, ignored: ignoreMatcher(options.ignore ?? []) };
}

/** Exact strings, or patterns where `*` matches any run of characters. */
export function ignoreMatcher(patterns: readonly string[]): (text: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes("*")));
  const globs = patterns
    .filter((p) => p.includes("*"))
    .map((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`));
  return (text) => exact.has(text) || globs.some((g) => g.test(text));
}
