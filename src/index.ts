// Library entry point: the pure core, for tools that embed flagctl.
export type * from "./core/model.js";
export type { Diagnostic, Severity } from "./core/diagnostic.js";
