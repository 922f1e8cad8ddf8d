import { renderDiffMarkdown } from "./diff/markdown.js";
import { markdownCode, markdownText } from "./escape.js";
import { hostsMarkdown } from "./hosts.js";
import type { Reporter } from "./index.js";
import { refsMarkdown, staleMarkdown } from "./hygiene.js";

// Table cells: user text can hold pipes (end the cell), newlines (end the row, forge headings), links or HTML.
const cell = (s: string) => markdownText(s, 1000);

export const markdown = {
  /** A table for a PR comment or job summary: one row per diagnostic, errors and warnings counted first. */
  diagnostics: ({ diagnostics, subject }) => {
    if (diagnostics.length === 0) return `**flagctl validate**: no problems${subject ? ` (${subject})` : ""}.\n`;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    const rows = diagnostics.map(
      (d) => `| \`${markdownCode(d.file)}:${d.line}:${d.column}\` | ${d.severity} | ${d.code} | ${cell(d.message)} | ${cell(d.hint ?? "")} |`,
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
