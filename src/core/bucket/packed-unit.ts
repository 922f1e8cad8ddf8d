// A unit's UTF-8 bytes packed once into little-endian 32-bit words, for bucketing it under many salts.
// evaluateAll buckets the same unit (the context's user id, say) for every rollout flag; hashing its words from
// each salt's precomputed state costs a few block mixes instead of a per-character loop with a branch per byte.

/** The packed bytes: `words[i]` holds bytes 4i..4i+3, zero past `length` (and one zero word beyond the last). */
export interface PackedUnit {
  readonly words: Int32Array;
  readonly length: number;
}

/** Longer units (ids are short) are hashed directly: packing pays off only for short strings. */
export const MAX_PACKED = 256;

const encoder = new TextEncoder();

/** `unit`'s bytes as words, or undefined when it is longer than MAX_PACKED UTF-16 units. */
export function packUnit(unit: string): PackedUnit | undefined {
  const n = unit.length;
  if (n > MAX_PACKED) return undefined;
  let i = 0;
  let words = new Int32Array((n >> 2) + 2);
  for (; i < n; i++) {
    const c = unit.charCodeAt(i);
    if (c >= 0x80) break;
    words[i >> 2] |= c << ((i & 3) << 3);
  }
  if (i === n) return { words, length: n };
  // Rare: not ASCII. TextEncoder writes what murmur3's hashFrom hashes (lone surrogates as U+FFFD).
  const bytes = encoder.encode(unit);
  words = new Int32Array((bytes.length >> 2) + 2);
  for (let j = 0; j < bytes.length; j++) words[j >> 2] |= bytes[j] << ((j & 3) << 3);
  return { words, length: bytes.length };
}
