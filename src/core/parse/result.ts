import type { Diagnostic } from "../diagnostic.js";

/** A parser's output: the value when one could be built, and everything found on the way. */
export interface ParseResult<T> {
  value?: T;
  diagnostics: Diagnostic[];
}
