import { Chalk } from "chalk";
import type { Diagnostic } from "../../core/diagnostic.js";
import { capped, excerpt, visible } from "./escape.js";
import type { Reporter } from "./reporter.js";

/** Grouped by file: position, severity, code, message, the source line with a caret, and the hint. */
export const textReporter: Reporter = ({ diagnostics, sources, color, subject }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, diags] of byFile) {
    out.push(c.underline(visible(file)));
    const lines = sources.get(file)?.split(/\r?\n/);
    for (const d of diags) {
      const sev = d.severity === "error" ? c.red("error") : c.yellow("warning");
      out.push(`  ${visible(file)}:${d.line}:${d.column}  ${sev}  ${c.dim(d.code)}  ${capped(d.message, 1000)}`);
      // The offending line, escaped and cut to a window around the column: a file may be binary, hold
      // terminal escapes, or be one line of a megabyte.
      const src = lines?.[d.line - 1];
      if (src !== undefined && src.trim() !== "") {
        const gutter = String(d.line).padStart(5);
        const shown = excerpt(src, d.column);
        out.push(c.dim(`  ${gutter} | `) + shown.text);
        out.push(c.dim(`  ${" ".repeat(gutter.length)} | `) + " ".repeat(Math.max(0, shown.column - 1)) + (d.severity === "error" ? c.red("^") : c.yellow("^")));
      }
      if (d.hint) out.push(`        ${c.cyan("hint:")} ${capped(d.hint, 1000)}`);
    }
    out.push("");
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  const checked = subject ? ` (${subject})` : "";
  if (errors) out.push(c.red(`✖ ${counts}${checked}`));
  else if (warnings) out.push(c.yellow(`⚠ ${counts}${checked}`));
  else out.push(c.green(`✔ no problems${checked}`));
  return out.join("\n") + "\n";
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
