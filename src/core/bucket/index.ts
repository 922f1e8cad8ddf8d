export { murmur3, hashFrom, stateAfter, type HashState } from "./murmur3.js";
export { bucket, bucketer, toBucket, BUCKETS } from "./bucket.js";
