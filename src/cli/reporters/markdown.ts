import { renderDiffMarkdown } from "./diff/markdown.js";
import { hostsMarkdown } from "./hosts.js";
import type { Reporter } from "./index.js";
import { refsMarkdown, staleMarkdown } from "./hygiene.js";

// Table cells: a pipe would end the cell and a newline the row.
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export const markdown = {
  /** A table for a PR comment or job summary: one row per diagnostic, errors and warnings counted first. */
  diagnostics: ({ diagnostics, subject }) => {
    if (diagnostics.length === 0) return `**flagctl validate**: no problems${subject ? ` (${subject})` : ""}.\n`;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    const rows = diagnostics.map(
      (d) => `| \`${cell(d.file)}:${d.line}:${d.column}\` | ${d.severity} | ${d.code} | ${cell(d.message)} | ${cell(d.hint ?? "")} |`,
    );
    return [
      `**flagctl validate**: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
      "",
      "| where | severity | code | problem | fix |",
      "|---|---|---|---|---|",
      ...rows,
      "",
    ].join("\n");
  },
  diff: renderDiffMarkdown,
  hosts: hostsMarkdown,
  refs: refsMarkdown,
  stale: staleMarkdown,
} satisfies Reporter;
