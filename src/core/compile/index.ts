export * from "./ir.js";
export { canonicalJson } from "./canonical-json.js";
export { compileEnv, compileRepo, jsonEqual } from "./compile-env.js";
export { loadEnvModel, type LoadResult } from "./load.js";
