import type { Diagnostic } from "../../core/diagnostic.js";

export interface ReportInput {
  /** Already sorted (sortDiagnostics). */
  diagnostics: readonly Diagnostic[];
  /** File text by repo path, for quoting the offending line. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** What was checked, e.g. "12 flags, 3 segments, 2 test files"; shown by human-oriented formats. */
  subject?: string;
}

/** Renders diagnostics to the text written on stdout. */
export type Reporter = (input: ReportInput) => string;
