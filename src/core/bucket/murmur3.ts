// murmur3_x86_32 over the UTF-8 bytes of a string, without materialising the bytes: the hot path (bucketing)
// hashes short ASCII ids, and a TextEncoder allocation would cost more than the hash itself.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Mixes one 4-byte little-endian block into the running hash. */
export function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Mixes the 0-3 trailing bytes (packed little-endian in `k`) and finalises; returns an unsigned 32-bit hash. */
export function finish(h: number, k: number, pending: number, length: number): number {
  if (pending > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Running hash state after some bytes: `h` has every full block mixed, `k` holds `pending` (0-3) bytes not yet
 * forming a block, `length` counts all bytes. Resuming from a state is how a salt prefix is hashed once.
 */
export interface HashState {
  readonly h: number;
  readonly k: number;
  readonly pending: number;
  readonly length: number;
}

export const EMPTY_STATE: HashState = { h: 0, k: 0, pending: 0, length: 0 };

/** Continues `state` with the UTF-8 bytes of `s` and returns the final unsigned hash. */
export function hashFrom(state: HashState, s: string): number {
  let h = state.h;
  let k = state.k;
  let n = state.pending;
  let length = state.length;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      k |= c << (n << 3);
      length++;
      if (++n === 4) {
        h = mixBlock(h, k);
        k = 0;
        n = 0;
      }
      continue;
    }
    // Encode one code point as 2-4 bytes, then feed them one by one.
    let bytes: number; // packed little-endian, first byte lowest
    let count: number;
    if (c < 0x800) {
      bytes = (0xc0 | (c >> 6)) | ((0x80 | (c & 0x3f)) << 8);
      count = 2;
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: what TextEncoder writes
      if (c < 0x10000) {
        bytes = (0xe0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
        count = 3;
      } else {
        bytes =
          (0xf0 | (c >> 18)) |
          ((0x80 | ((c >> 12) & 0x3f)) << 8) |
          ((0x80 | ((c >> 6) & 0x3f)) << 16) |
          ((0x80 | (c & 0x3f)) << 24);
        count = 4;
      }
    }
    for (let j = 0; j < count; j++) {
      k |= ((bytes >>> (j << 3)) & 0xff) << (n << 3);
      length++;
      if (++n === 4) {
        h = mixBlock(h, k);
        k = 0;
        n = 0;
      }
    }
  }
  return finish(h, k, n, length);
}

/**
 * Continues `state` with `length` bytes packed little-endian in `words` (zero past the end, with one zero word
 * beyond the last) and returns the final unsigned hash: `hashFrom` for bytes encoded once and hashed under many
 * salts. The state's 0-3 pending bytes shift every unit word by as many bytes; each block takes the high bytes
 * of one word and the low bytes of the next.
 */
export function hashWordsFrom(state: HashState, words: Int32Array, length: number): number {
  let h = state.h;
  const p = state.pending;
  const total = p + length;
  const blocks = total >> 2;
  if (p === 0) {
    for (let j = 0; j < blocks; j++) h = mixBlock(h, words[j]);
    return finish(h, words[blocks], total & 3, state.length + length);
  }
  const up = p << 3; // where a unit word's first byte lands in a block
  const down = 32 - up; // (never 32: >>> 32 would shift by 0)
  let carry = state.k;
  for (let j = 0; j < blocks; j++) {
    const w = words[j];
    h = mixBlock(h, carry | (w << up));
    carry = w >>> down;
  }
  return finish(h, carry | (words[blocks] << up), total & 3, state.length + length);
}

/** The state after hashing the UTF-8 bytes of `s` (not finalised), to resume with `hashFrom`. */
export function stateAfter(s: string): HashState {
  let h = 0;
  let k = 0;
  let n = 0;
  const bytes = new TextEncoder().encode(s);
  for (const b of bytes) {
    k |= b << (n << 3);
    if (++n === 4) {
      h = mixBlock(h, k);
      k = 0;
      n = 0;
    }
  }
  return { h, k, pending: n, length: bytes.length };
}

/** murmur3_x86_32 of the UTF-8 bytes of `s`, seed 0, unsigned. */
export function murmur3(s: string): number {
  return hashFrom(EMPTY_STATE, s);
}
