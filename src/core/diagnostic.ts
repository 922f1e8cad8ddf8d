import type { Loc } from "./model.js";

export type Severity = "error" | "warning";

/** One finding about the config repo. `code` is stable (e.g. FLAG012) and documented in docs/rules.md. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  /** One line telling the user what to do. */
  hint?: string;
}

export function diag(code: string, severity: Severity, loc: Loc, message: string, hint?: string): Diagnostic {
  return { code, severity, file: loc.file, line: loc.line, column: loc.column, message, ...(hint ? { hint } : {}) };
}

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === "error");

/** Stable order: file, line, column, code. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
