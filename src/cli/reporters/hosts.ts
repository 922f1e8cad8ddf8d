// Views of the fleet: the per-env line `status` adds, and `flagctl hosts` in every format.
import type { HostsReport } from "../../app/hosts.js";
import type { StatusReport } from "../../app/status.js";
import { driftLine } from "../../core/fleet/driftText.js";
import type { HostRow } from "../../core/fleet/drift.js";
import { formatDuration } from "../../core/release/duration.js";
import { describeState } from "./release.js";

/** "hosts:" and one line per env that has reports; "" when none has. */
export function statusHostsText(r: StatusReport): string {
  const fleet = r.environments.filter((e) => e.hosts.total > 0);
  if (fleet.length === 0) return "";
  const width = Math.max(...fleet.map((e) => e.env.length));
  return `\nhosts:\n${fleet.map((e) => `  ${e.env.padEnd(width)}  ${driftLine(e.hosts, e.updatedAt, new Date(r.now))}\n`).join("")}`;
}

const age = (h: HostRow) => `${formatDuration(h.ageMs)} ago`;
export const summaryOf = (r: HostsReport) => driftLine(r.summary, r.pointer?.updatedAt ?? null, new Date(r.now));

export function hostsText(r: HostsReport): string {
  if (r.hosts.length === 0) return `${r.env}: no host reports (agents write them when started with --report)\n`;
  const head = ["HOST", "RUNS", "TRACK", "ASSIGNED", "STATE", "LAST REPORT"];
  const cells = r.hosts.map((h) => [h.host, h.version ?? "-", h.track ?? "-", h.expected ?? "-", h.state, age(h)]);
  const widths = head.map((x, i) => Math.max(x.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join("  ");
  return `${r.env}: ${describeState(r.pointer)}\n${[head, ...cells].map(line).join("\n")}\n${summaryOf(r)}\n`;
}

export function hostsJson(r: HostsReport): unknown {
  const { env, store, now, pointer, hosts, summary } = r;
  return { env, store, now, pointer, hosts, summary };
}

export function hostsMarkdown(r: HostsReport): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  return [
    `### ${r.env}: ${cell(summaryOf(r))}`,
    "",
    `Pointer: ${cell(describeState(r.pointer))}`,
    "",
    "| host | runs | track | pointer assigns | state | last report |",
    "|---|---|---|---|---|---|",
    ...r.hosts.map((h) => `| ${cell(h.host)} | ${h.version ?? "-"} | ${h.track ?? "-"} | ${h.expected ?? "-"} | ${h.state} | ${age(h)} |`),
    "",
  ].join("\n");
}
