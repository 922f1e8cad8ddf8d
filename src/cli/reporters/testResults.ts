// `flagctl test` output in each --format. The summary line is exactly `N passed, N failed` (plus
// `, N skipped` when something was skipped) on its own line, so scripts can grep it.
import { Chalk } from "chalk";
import { summaryLine, type TestOutcome, type TestSummary } from "../../core/golden/index.js";

const shown = (v: unknown): string => JSON.stringify(v);

/** What went wrong, one line per problem, without the position. */
export function failureLines(r: TestOutcome): string[] {
  if (r.status !== "failed") return [];
  if (r.kind === "exact") {
    if (r.message) return [r.message];
    return r.expectations
      .filter((e) => !e.passed)
      .map((e) => `${e.flag}: expected ${shown(e.expected)}, got ${shown(e.actual)}${e.variation !== null && e.variation !== String(e.actual) ? ` (variation ${e.variation})` : ""} — ${e.reason}`);
  }
  if (r.kind === "population") {
    if (r.message) return [r.message];
    const lines = r.shares.filter((s) => !s.passed).map((s) => `${r.flag} = ${s.variation}: expected ${s.expected}% ± ${r.tolerance}, got ${s.actual}% of ${r.size} units varying ${r.vary}`);
    if (r.errors) lines.push(`${r.errors} of ${r.size} units evaluated with ERROR and served the default`);
    return lines;
  }
  return [`${r.url ?? "(no URL)"}: ${r.message ?? "failed"}`];
}

export function testText(s: TestSummary, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  for (const r of s.results) {
    if (r.status === "passed") continue;
    const where = `${r.file}:${r.line}`;
    const what = r.kind === "check" ? r.name : `${r.name} [${r.env}]`;
    if (r.status === "skipped") {
      out.push(`${c.yellow("SKIP")} ${where}  ${what}: ${r.message ?? "skipped"}`);
      continue;
    }
    out.push(`${c.red("FAIL")} ${where}  ${what}`);
    for (const l of failureLines(r)) out.push(`     ${l}`);
  }
  if (out.length) out.push("");
  const line = summaryLine(s);
  out.push(s.failed ? c.red(line) : c.green(line));
  return out.join("\n") + "\n";
}
