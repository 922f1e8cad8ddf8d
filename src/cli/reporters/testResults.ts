// `flagctl test` output in each --format. The summary line is exactly `N passed, N failed` (plus
// `, N skipped` when something was skipped) on its own line, so scripts can grep it.
import { Chalk } from "chalk";
import type { TestOutcome, TestSummary } from "../../core/golden/index.js";

export type TestReporter = (summary: TestSummary, color: boolean) => string;

export function summaryLine(s: TestSummary): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ""}`;
}

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

export const testText: TestReporter = (s, color) => {
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
};

export const testJson: TestReporter = (s) => JSON.stringify(s.results, null, 2) + "\n";

// Workflow command escaping, as in the diagnostics' github reporter.
const data = (t: string) => t.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (t: string) => data(t).replace(/:/g, "%3A").replace(/,/g, "%2C");

export const testGithub: TestReporter = (s) => {
  const out: string[] = [];
  for (const r of s.results) {
    if (r.status === "failed") out.push(`::error file=${prop(r.file)},line=${r.line},col=${r.column},title=${prop(`test failed: ${r.name}`)}::${data(failureLines(r).join("\n"))}`);
    else if (r.status === "skipped") out.push(`::notice file=${prop(r.file)},line=${r.line},title=${prop(`skipped: ${r.name}`)}::${data(r.message ?? "skipped")}`);
  }
  out.push(summaryLine(s));
  return out.join("\n") + "\n";
};

export const testReporters: Record<string, TestReporter> = { text: testText, json: testJson, github: testGithub };
