export { aliasesOf } from "./aliases.js";
export { buildKeyIndex, ignoreMatcher, trieSource, type KeyIndex, type Spelling } from "./keyIndex.js";
export { scanText, type ScanResult, type TextHit } from "./scan.js";
export { flagSettledness, servedFingerprints, settledSince, stableSpans, type EnvSettledness, type EnvTimeline, type ServedLookup, type StableSpan } from "./settled.js";
export { findStale, uniformValue, type StaleFlag, type StaleInput, type StaleReason } from "./stale.js";
