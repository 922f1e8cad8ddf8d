// Bucketing, SPEC §3 (normative): bucket = floor(murmur3(utf8(salt + "/" + unit)) * 100000 / 2^32).
import { type HashState, hashFrom, hashWordsFrom, stateAfter } from "./murmur3.js";
import type { PackedUnit } from "./packed-unit.js";

/** Buckets per 100%: weights are in thousandths of a percent. */
export const BUCKETS = 100_000;

/** Converts an unsigned hash to a bucket in [0, 100000); exact in doubles since h * 1e5 < 2^53. */
export function toBucket(h: number): number {
  return Math.floor((h * BUCKETS) / 4294967296);
}

/**
 * A bucketer for one salt: the salt + "/" prefix is hashed once, so each unit costs only its own bytes.
 */
export function bucketer(salt: string): (unit: string) => number {
  const state: HashState = stateAfter(salt + "/");
  return (unit) => toBucket(hashFrom(state, unit));
}

/** `bucketer`'s twin for a unit already packed into words (see packUnit), when one unit meets many salts. */
export function packedBucketer(salt: string): (unit: PackedUnit) => number {
  const state: HashState = stateAfter(salt + "/");
  return (unit) => toBucket(hashWordsFrom(state, unit.words, unit.length));
}

export function bucket(salt: string, unit: string): number {
  return toBucket(hashFrom(stateAfter(salt + "/"), unit));
}
