// Per-environment release status: what runs where, for how long, and what is due next. Pure.
import type { Pointer } from "./pointer.js";
import { formatDuration } from "./duration.js";
import { bakeOf, stepsOf, upstreamEnv, type PlanPolicy } from "./planner.js";

export type NextStep =
  | { kind: "nothing"; text: string }
  | { kind: "rollout"; toPercent: number; dueAt: string; dueInMs: number; text: string }
  | { kind: "promote"; version: string; from: string; text: string }
  /** The release the next step would move to does not verify in the store: nothing to do until it is fixed. */
  | { kind: "blocked"; version: string; code: string; text: string };

export interface EnvStatus {
  env: string;
  stable: string | null;
  candidate: string | null;
  percent: number;
  seq: number;
  updatedAt: string | null;
  /** Time since the last change of the pointer. */
  ageMs: number | null;
  by: string | null;
  reason: string | null;
  steps: number[];
  bakeMs: number;
  upstream: string | null;
  next: NextStep;
}

export function envStatus(
  project: PlanPolicy,
  env: string,
  current: Pointer | null,
  upstream: Pointer | null,
  now: Date,
  bakeOverrideMs?: number,
): EnvStatus {
  const steps = stepsOf(project, env);
  const bakeMs = bakeOf(project, env, bakeOverrideMs);
  const up = upstreamEnv(project, env);
  const updated = current ? Date.parse(current.updatedAt) : null;
  return {
    env,
    stable: current?.stable ?? null,
    candidate: current?.candidate ?? null,
    percent: current?.percent ?? 0,
    seq: current?.seq ?? 0,
    updatedAt: current?.updatedAt ?? null,
    ageMs: updated === null ? null : Math.max(0, now.getTime() - updated),
    by: current?.by ?? null,
    reason: current?.reason ?? null,
    steps,
    bakeMs,
    upstream: up,
    next: nextStep(env, current, upstream, up, steps, bakeMs, now),
  };
}

/** The environment's next step, unless the release it moves to failed its check in the store. */
export function blockedIf(status: EnvStatus, failed: (version: string) => string | undefined): NextStep {
  const { next } = status;
  const version = next.kind === "promote" ? next.version : next.kind === "rollout" ? status.candidate : null;
  const code = version ? failed(version) : undefined;
  return code === undefined ? next : { kind: "blocked", version: version!, code, text: `blocked: ${version} does not verify (${code})` };
}

function nextStep(
  env: string,
  current: Pointer | null,
  upstream: Pointer | null,
  up: string | null,
  steps: number[],
  bakeMs: number,
  now: Date,
): NextStep {
  if (current?.candidate) {
    const to = steps.find((s) => s > current.percent) ?? 100;
    const dueAtMs = Date.parse(current.updatedAt) + bakeMs;
    const dueInMs = Math.max(0, dueAtMs - now.getTime());
    const what = to >= 100 ? `${current.candidate} to 100% (becomes stable)` : `${current.candidate} to ${to}%`;
    return {
      kind: "rollout",
      toPercent: to,
      dueAt: new Date(dueAtMs).toISOString(),
      dueInMs,
      text: dueInMs === 0 ? `rollout ${what}: due now` : `rollout ${what}: due in ${formatDuration(dueInMs)}`,
    };
  }
  if (up && upstream?.stable && upstream.stable !== current?.stable) {
    return {
      kind: "promote",
      version: upstream.stable,
      from: up,
      text: `promote ${upstream.stable} (stable in ${up}): flagctl promote ${upstream.stable} ${env}`,
    };
  }
  return { kind: "nothing", text: current ? "nothing due" : up ? `waiting for a stable release in ${up}` : "nothing promoted yet" };
}
