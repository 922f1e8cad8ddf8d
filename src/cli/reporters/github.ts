// GitHub Actions workflow commands: `::error`/`::warning`/`::notice` annotations that show on the PR's diff.
import { CODEOWNERS_PATH, planSummary } from "../../core/codeowners.js";
import { summaryLine } from "../../core/golden/index.js";
import { capped, data, prop } from "./escape.js";
import type { Reporter } from "./index.js";
import type { HostsReport } from "../../app/hosts.js";
import { formatDuration } from "../../core/release/duration.js";
import { summaryOf } from "./hosts.js";
import { failureLines } from "./testResults.js";
import { codeownersText } from "./text.js";
import { refsGithub, staleGithub } from "./hygiene.js";

export const github = {
  /** One annotation per diagnostic. */
  diagnostics: ({ diagnostics }) =>
    diagnostics
      .map((d) => {
        // Line breaks of a message stay line breaks (%0A cannot start a new command); other controls are escaped.
        const text = [d.message, ...(d.hint ? [`hint: ${d.hint}`] : [])].flatMap((t) => t.split("\n").map((l) => capped(l, 1000))).join("\n");
        return `::${d.severity} file=${prop(d.file)},line=${d.line},col=${d.column},title=${prop(d.code)}::${data(text)}\n`;
      })
      .join(""),
  /** An error per failed test, a notice per skipped check, then the summary line. */
  tests: (s) => {
    const out: string[] = [];
    for (const r of s.results) {
      if (r.status === "failed") out.push(`::error file=${prop(r.file)},line=${r.line},col=${r.column},title=${prop(`test failed: ${r.name}`)}::${data(failureLines(r).join("\n"))}`);
      else if (r.status === "skipped") out.push(`::notice file=${prop(r.file)},line=${r.line},title=${prop(`skipped: ${r.name}`)}::${data(r.message ?? "skipped")}`);
    }
    out.push(summaryLine(s));
    return out.join("\n") + "\n";
  },
  /** Out of date under --check: an annotation on the file (paths are relative to the git root, as CODEOWNERS is), then the text. */
  codeowners: (r) => {
    if (!r.check || !r.plan.changed) return codeownersText(r);
    const what = r.missing ? "does not exist" : `is out of date: ${planSummary(r.plan)}`;
    const line = r.missing ? 1 : r.plan.blockLine;
    return `::error file=${prop(CODEOWNERS_PATH)},line=${line},title=OWN001::${data(`${CODEOWNERS_PATH} ${what}; run flagctl codeowners`)}\n${codeownersText(r)}`;
  },
  hosts: hostsGithub,
  refs: refsGithub,
  stale: staleGithub,
} satisfies Reporter;

/** A warning annotation per drifting or silent host, then the summary line. */
function hostsGithub(r: HostsReport): string {
  const out = r.hosts
    .filter((h) => h.state !== "matching")
    .map((h) => {
      const what = h.state === "silent" ? `silent for ${formatDuration(h.ageMs)} (last ran ${h.version ?? "nothing"})` : `runs ${h.version ?? "nothing"}, the pointer assigns ${h.expected ?? "nothing"}`;
      return `::warning title=${prop(`${r.env}: host ${h.host} ${h.state}`)}::${data(`${h.host} ${what}`)}\n`;
    });
  return `${out.join("")}${r.env}: ${summaryOf(r)}\n`;
}

