export { parseProject, BUILTIN_ATTRS } from "./project.js";
export { parseFlag, type RepoFiles } from "./flag.js";
export { parseSegment } from "./segment.js";
export { parseTestFile, DEFAULT_TOLERANCE } from "./tests.js";
export { parseCondition } from "./condition.js";
export { ATTR_OPS } from "../operators.js";
export { parseDuration } from "./duration.js";
export type { ParseResult } from "./result.js";
