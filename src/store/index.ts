// The store adapter's entry point: object stores (file://, s3://) and the keys, pointers, history, releases and
// host reports kept in them.
export * from "./store.js";
export * from "./openStore.js";
export * from "./fileStore.js";
export * from "./s3Store.js";
export * from "./probe.js";
export * from "./keys.js";
export * from "./pointer.js";
export * from "./history.js";
export * from "./releases.js";
export * from "./putRelease.js";
export * from "./hosts.js";
export * from "./storeErrors.js";
