// The core layer's entry point: what other layers and the tests use of the pure core. A core module not
// re-exported here is internal to core (one lint rule, a parser step) and is tested directly when at all.
export * from "./model.js";
export * from "./diagnostic.js";
export * from "./checkRepo.js";
export * from "./codeowners.js";
export * from "./didYouMean.js";
export * from "./parse/index.js";
export * from "./lint/index.js";
export * from "./compile/index.js";
export * from "./eval/index.js";
export * from "./bucket/index.js";
export * from "./golden/index.js";
export { subModel } from "./golden/subModel.js";
export * from "./diff/index.js";
export * from "./hygiene/index.js";
export * from "./fleet/drift.js";
export * from "./fleet/driftText.js";
export * from "./release/duration.js";
export * from "./release/manifest.js";
export * from "./release/planner.js";
export * from "./release/pointer.js";
export * from "./release/status.js";
export * from "./release/track.js";
export * from "./release/version.js";
export * from "./repo/classify.js";
export * from "./schema/validator.js";
export { loadYaml, MAX_DEPTH, MAX_FILE_BYTES, MAX_MAP_KEYS } from "./yaml/loadYaml.js";
export type { YamlDoc } from "./yaml/doc.js";
