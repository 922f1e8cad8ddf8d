// Plain-text views of release state for the terminal: pointer changes, status tables, release notes.
import type { Manifest } from "../../core/release/manifest.js";
import { formatDuration } from "../../core/release/duration.js";
import type { EnvStatus } from "../../core/release/status.js";
import type { MoveResult } from "../../app/movePointer.js";
import { introduced } from "../../app/log.js";
import { describeSeqs } from "../../store/history.js";
import { capped } from "./escape.js";
import type { Pointer } from "../../core/release/pointer.js";

export function bar(percent: number, width = 20): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}%`;
}

/** "stable v1" / "stable v1, candidate v2 at 10%" */
export function describeState(p: Pick<Pointer, "stable" | "candidate" | "percent"> | null): string {
  if (!p || (!p.stable && !p.candidate)) return "nothing";
  const stable = p.stable ? `stable ${p.stable}` : "no stable release yet";
  return p.candidate ? `${stable}, candidate ${p.candidate} at ${p.percent}%` : stable;
}

export function renderStatus(rows: EnvStatus[]): string {
  const cell = (s: EnvStatus) => ({
    env: s.env,
    stable: s.stable ?? "-",
    candidate: s.candidate ?? "-",
    rollout: s.candidate ? bar(s.percent) : s.stable ? bar(100).replace("100%", "stable") : "",
    age: s.ageMs === null ? "-" : formatDuration(s.ageMs),
    next: s.next.text,
  });
  const cells = rows.map(cell);
  const head = { env: "ENV", stable: "STABLE", candidate: "CANDIDATE", rollout: "ROLLOUT", age: "AGE", next: "NEXT" };
  const cols = ["env", "stable", "candidate", "rollout", "age"] as const;
  const widths = Object.fromEntries(cols.map((c) => [c, Math.max(head[c].length, ...cells.map((x) => x[c].length))]));
  const line = (x: typeof head) => `${cols.map((c) => x[c].padEnd(widths[c])).join("  ")}  ${x.next}`.trimEnd();
  return `${[line(head), ...cells.map(line)].join("\n")}\n`;
}

/** One history entry as release notes: what changed from the entry before it, who, when, why. */
export function renderLogEntry(env: string, entry: Pointer, before: Pointer | null, notes: Map<string, Manifest | null>): string {
  // `by` and `reason` are whatever a writer put in the store: shown escaped and capped.
  const lines = [`#${entry.seq}  ${capped(entry.updatedAt)}  ${capped(entry.by)}`, `  ${env}: ${describeTransition(before, entry)}`];
  if (entry.reason) lines.push(`  why: ${capped(entry.reason, 1000)}`);
  for (const version of introduced(before, entry)) {
    const m = notes.get(version);
    if (m === undefined) continue;
    if (m === null) {
      lines.push(`  ${version}: (manifest not found)`);
      continue;
    }
    const head = `  ${version} (commit ${m.commit.slice(0, 12)}${m.parent ? `, since ${m.parent}` : ""})`;
    if (m.changedFlags.length === 0) {
      lines.push(`${head}: no flag changes`);
      continue;
    }
    if (!m.parent) {
      lines.push(`${head}: first release, ${plural(m.changedFlags.length, "flag")}`);
      continue;
    }
    lines.push(`${head}:`);
    const sign = { added: "+", removed: "-", changed: "~" } as const;
    for (const c of m.changedFlags) lines.push(`    ${sign[c.change]} ${c.key} (${c.change} in ${c.envs.join(", ")})`);
  }
  return `${lines.join("\n")}\n`;
}

export function describeTransition(before: Pointer | null, after: Pointer): string {
  const stable = (v: string | null) => v ?? "none yet";
  const b = before ?? { stable: null, candidate: null, percent: 0 };
  if (after.candidate && after.candidate === b.candidate && after.stable === b.stable) {
    return `${after.candidate} ${b.percent}% → ${after.percent}% (stable ${stable(after.stable)})`;
  }
  if (!after.candidate && b.candidate && after.stable === b.candidate) {
    return `${b.candidate} ${b.percent}% → 100%: now stable (was ${stable(b.stable)})`;
  }
  if (!after.candidate && b.candidate && after.stable === b.stable) {
    return `dropped candidate ${b.candidate} at ${b.percent}% (stable ${stable(after.stable)})`;
  }
  if (after.candidate && after.stable === b.stable) {
    const replaced = b.candidate ? `, replacing ${b.candidate} at ${b.percent}%` : "";
    return `candidate ${after.candidate} at ${after.percent}% (stable ${stable(after.stable)}${replaced})`;
  }
  if (!after.candidate && !b.candidate) return `stable ${stable(b.stable)} → ${stable(after.stable)}`;
  return `${describeState(before)} → ${describeState(after)}`;
}

export function missingHistoryWarning(env: string, missing: readonly number[], storeUrl: string): string {
  return `! ${env}: ${plural(missing.length, "history entry", "history entries")} missing from ${storeUrl} (${describeSeqs(missing)}; deleted or lost): what changed across the gap is unknown`;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** What promote, rollout and rollback print: the summary, then the history entry written. */
export function changeText(r: MoveResult): string {
  return `${capped(r.summary, 1000)}\n  #${r.after.seq} by ${capped(r.after.by)}: ${describeTransition(r.before, r.after)}\n`;
}
