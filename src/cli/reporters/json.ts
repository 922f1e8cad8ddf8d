import type { Reporter } from "./reporter.js";

/** A stable array; every key is always present (`hint` is null when there is none). */
export const jsonReporter: Reporter = ({ diagnostics }) =>
  JSON.stringify(
    diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      file: d.file,
      line: d.line,
      column: d.column,
      message: d.message,
      hint: d.hint ?? null,
    })),
    null,
    2,
  ) + "\n";
