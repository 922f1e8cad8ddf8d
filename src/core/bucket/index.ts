export { murmur3, hashFrom, hashWordsFrom, stateAfter, type HashState } from "./murmur3.js";
export { bucket, bucketer, packedBucketer, toBucket, BUCKETS } from "./bucket.js";
export { packUnit, type PackedUnit } from "./packed-unit.js";
