// An environment's release timeline for the report: every pointer state as an event (promote, step, stable,
// rollback) with who, why and how long it baked, and each candidate's share of hosts over time as a chart.
// Pure: history and `now` come in.
import type { Pointer } from "../release/pointer.js";

export type EventKind = "promote" | "step" | "stable" | "rollback" | "change";

export interface TimelineEvent {
  seq: number;
  at: string;
  by: string;
  reason: string;
  kind: EventKind;
  /** What changed, in a few words: "v2 10% → 25%". */
  text: string;
  /** The candidate the event concerns (or the release that became stable). */
  version: string | null;
  /** Share of hosts on the candidate after the event. */
  percent: number;
  /** Time until the next event (or until now for the last one): how long this state baked. */
  bakedMs: number;
  /** True for the current pointer state. */
  current: boolean;
}

/** One candidate from its promotion to its end: stable at 100%, rolled back, or still rolling out. */
export interface CandidateRun {
  version: string;
  outcome: "stable" | "rolled-back" | "rolling-out" | "replaced";
  /** Share of hosts from each instant on (a step function), ending with the outcome's point. */
  points: { t: number; percent: number }[];
}

export function classify(before: Pointer | null, after: Pointer): { kind: EventKind; text: string; version: string | null } {
  const b = before ?? { stable: null, candidate: null, percent: 0 };
  if (after.candidate && after.candidate === b.candidate && after.stable === b.stable) {
    return { kind: "step", text: `${after.candidate} ${b.percent}% → ${after.percent}%`, version: after.candidate };
  }
  if (!after.candidate && b.candidate && after.stable === b.candidate) {
    return { kind: "stable", text: `${b.candidate} ${b.percent}% → 100%: stable`, version: b.candidate };
  }
  if (!after.candidate && b.candidate && after.stable === b.stable) {
    return { kind: "rollback", text: `dropped ${b.candidate} at ${b.percent}%`, version: b.candidate };
  }
  if (after.candidate && after.candidate !== b.candidate) {
    const replaced = b.candidate ? ` (replacing ${b.candidate} at ${b.percent}%)` : "";
    return { kind: "promote", text: `promoted ${after.candidate} at ${after.percent}%${replaced}`, version: after.candidate };
  }
  if (!after.candidate && !b.candidate && after.stable !== b.stable) {
    // A direct promote (an env without steps) or a rollback to an earlier stable: history tells which.
    const back = /^rollback/i.test(after.reason) || after.reason.startsWith("gate failed");
    return back
      ? { kind: "rollback", text: `back to ${after.stable ?? "nothing"} (was ${b.stable ?? "nothing"})`, version: after.stable }
      : { kind: "promote", text: `${after.stable ?? "nothing"} stable (was ${b.stable ?? "none yet"})`, version: after.stable };
  }
  return { kind: "change", text: `stable ${after.stable ?? "none"}, candidate ${after.candidate ?? "none"} at ${after.percent}%`, version: after.candidate };
}

/** `history` oldest first. */
export function timelineEvents(history: readonly Pointer[], now: Date): TimelineEvent[] {
  return history.map((p, i) => {
    const next = history[i + 1];
    const end = next ? Date.parse(next.updatedAt) : now.getTime();
    const { kind, text, version } = classify(history[i - 1] ?? null, p);
    return {
      seq: p.seq,
      at: p.updatedAt,
      by: p.by,
      reason: p.reason,
      kind,
      text,
      version,
      percent: p.candidate ? p.percent : 0,
      bakedMs: Math.max(0, end - Date.parse(p.updatedAt)),
      current: !next,
    };
  });
}

/** `history` oldest first. */
export function candidateRuns(history: readonly Pointer[], now: Date): CandidateRun[] {
  const runs: CandidateRun[] = [];
  let open: CandidateRun | null = null;
  history.forEach((p, i) => {
    const t = Date.parse(p.updatedAt);
    const before = history[i - 1] ?? null;
    if (open && p.candidate !== open.version) {
      const became = !p.candidate && p.stable === open.version;
      open.points.push({ t, percent: became ? 100 : 0 });
      open.outcome = became ? "stable" : p.candidate ? "replaced" : "rolled-back";
      open = null;
    }
    if (p.candidate && (!open || before?.candidate !== p.candidate)) {
      open = { version: p.candidate, outcome: "rolling-out", points: [] };
      runs.push(open);
    }
    if (open) open.points.push({ t, percent: p.percent });
  });
  if (open) (open as CandidateRun).points.push({ t: now.getTime(), percent: (open as CandidateRun).points.at(-1)!.percent });
  return runs;
}

export interface ChartPath {
  version: string;
  outcome: CandidateRun["outcome"];
  /** SVG path data of the step line. */
  d: string;
  /** The end point, for a marker and a label. */
  end: { x: number; y: number };
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Plot area inside the axes. */
  plot: { x: number; y: number; w: number; h: number };
  paths: ChartPath[];
  /** Ticks on the time axis. */
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** Step lines of each run's share over time, scaled into a width × height box. */
export function chartGeometry(runs: readonly CandidateRun[], width = 760, height = 220): ChartGeometry {
  const plot = { x: 44, y: 12, w: width - 60, h: height - 44 };
  const ts = runs.flatMap((r) => r.points.map((p) => p.t));
  const t0 = ts.length ? Math.min(...ts) : 0;
  const t1 = ts.length ? Math.max(...ts, t0 + 1) : 1;
  const x = (t: number) => round(plot.x + ((t - t0) / (t1 - t0)) * plot.w);
  const y = (pct: number) => round(plot.y + plot.h - (pct / 100) * plot.h);
  const paths = runs.map((r) => {
    let d = "";
    r.points.forEach((p, i) => {
      if (i === 0) d += `M${x(p.t)} ${y(p.percent)}`;
      else d += `H${x(p.t)}V${y(p.percent)}`;
    });
    const last = r.points.at(-1)!;
    return { version: r.version, outcome: r.outcome, d, end: { x: x(last.t), y: y(last.percent) } };
  });
  const xTicks = ts.length ? [t0, t0 + (t1 - t0) / 2, t1].map((t) => ({ x: x(t), label: new Date(t).toISOString().slice(0, 16).replace("T", " ") })) : [];
  const yTicks = [0, 25, 50, 75, 100].map((p) => ({ y: y(p), label: `${p}%` }));
  return { width, height, plot, paths, xTicks, yTicks };
}

const round = (n: number) => Math.round(n * 10) / 10;
