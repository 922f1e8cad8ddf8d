export { parseProject } from "./project.js";
export { parseFlag, type RepoFiles } from "./flag.js";
export { parseSegment } from "./segment.js";
export { parseTestFile } from "./tests.js";
export type { ParseResult } from "./result.js";
