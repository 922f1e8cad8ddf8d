// A unit's UTF-8 bytes packed once into little-endian 32-bit words, for bucketing it under many salts.
// evaluateAll buckets the same unit (the context's user id, say) for every rollout flag; hashing its words from
// each salt's precomputed state costs a few block mixes instead of a per-character loop with a branch per byte.
// One entry is kept, in one reused buffer: a unit is packed the second time in a row it is seen, so a caller
// bucketing a different unit each time only pays a string comparison on top of the plain hash.

/** The packed bytes: `words[i]` holds bytes 4i..4i+3, zero past `length` (and one zero word beyond the last). */
export interface PackedUnit {
  readonly words: Int32Array;
  readonly length: number;
}

/** Longer units (ids are short) are hashed directly, so a hostile one cannot make the buffer grow. */
const MAX_PACKED = 256;
const buffer = new Int32Array(((MAX_PACKED * 3) >> 2) + 2);
const packed = { words: buffer, length: 0 };
/** The last unit asked for; `packed` holds its bytes once it was asked for twice in a row. */
let last: string | undefined;
let isPacked = false;
const encoder = new TextEncoder();

/** The packed bytes of `unit` when it was also the last unit asked for, else undefined (hash it directly). */
export function packedUnit(unit: string): PackedUnit | undefined {
  // One comparison per call: a caller bucketing a new unit each time pays only this on top of the plain hash.
  if (unit !== last) {
    last = unit.length <= MAX_PACKED ? unit : undefined;
    isPacked = false;
    return undefined;
  }
  if (!isPacked) {
    pack(unit);
    isPacked = true;
  }
  return packed;
}

function pack(unit: string): void {
  // The buffer holds MAX_PACKED UTF-16 units at 3 bytes each (a surrogate pair is 4 bytes for 2), plus a zero
  // word past the end; only the words the previous unit used need clearing.
  buffer.fill(0, 0, ((packed.length + 3) >> 2) + 1);
  let i = 0;
  const n = unit.length;
  for (; i < n; i++) {
    const c = unit.charCodeAt(i);
    if (c >= 0x80) break;
    buffer[i >> 2] |= c << ((i & 3) << 3);
  }
  if (i === n) {
    packed.length = n;
    return;
  }
  // Rare: not ASCII. TextEncoder writes what murmur3's hashFrom hashes (lone surrogates as U+FFFD).
  buffer.fill(0, 0, (i >> 2) + 1);
  const bytes = encoder.encode(unit);
  for (let j = 0; j < bytes.length; j++) buffer[j >> 2] |= bytes[j] << ((j & 3) << 3);
  packed.length = bytes.length;
}
