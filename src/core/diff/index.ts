export * from "./model.js";
export { diffEnv, type DiffEnvOptions, type SampleContext, type Side } from "./diffEnv.js";
export { diffFlag } from "./diffFlag.js";
export { findBreaking, type Deployed } from "./breaking.js";
export { readableCondition } from "../compile/conditionText.js";
export { movedShare, formatShare, formatWeight } from "./impact.js";
