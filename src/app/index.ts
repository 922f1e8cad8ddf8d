// The application layer's entry point: one module per use case; each takes options and ports and returns data.
export * from "./check.js";
export * from "./loadProject.js";
export * from "./test.js";
export * from "./build.js";
export * from "./publish.js";
export * from "./fetchRelease.js";
export * from "./movePointer.js";
export * from "./watchRollout.js";
export * from "./status.js";
export * from "./hosts.js";
export * from "./log.js";
export * from "./diff.js";
export { RepoLoader } from "./diff/loadRepoModels.js";
export * from "./codeowners.js";
export * from "./refs.js";
export * from "./stale.js";
export * from "./report/collectReport.js";
