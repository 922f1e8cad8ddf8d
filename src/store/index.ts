// The store layer's public API, for commands and the SDK.
export type { ObjectStore, PutCondition, StoredObject } from "./store.js";
export type { Pointer } from "../core/release/pointer.js";
export { FileStore, type FileStoreOptions } from "./fileStore.js";
export { S3Store, parseS3Url, type S3StoreOptions, type ChecksumMode } from "./s3Store.js";
export { openStore, s3OptionsFromEnv, type OpenStoreOptions } from "./openStore.js";
export { probeConditionalWrites, ensureConditionalWrites, allowUnsafeNoCas } from "./probe.js";
export { putRelease, sha256, type ReleaseFile, type PutReleaseResult, type PutReleaseOptions } from "./putRelease.js";
export { getReleaseFile, listReleases, releaseExists } from "./releases.js";
export { readPointer, writePointer, parsePointer, type PointerRead } from "./pointer.js";
export { readHistory } from "./history.js";
export { NoCasError, ReleaseExistsError } from "./storeErrors.js";
export { checkName, historyKey, pointerKey, releaseKey, PROBE_KEY } from "./keys.js";
export { hostReportKey, hostsPrefix, readHostReports, writeHostReport, type HostReport } from "./hosts.js";
