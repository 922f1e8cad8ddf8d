// The rollout planner (SPEC §5): from a project's policy, an environment's pointer and history, the pointer of
// the environment before it in the pipeline and the time, decide the next pointer state, or refuse with a reason.
// Pure: the caller reads the store, writes the result with compare-and-swap, and supplies `now`.
import type { Project } from "../model.js";
import type { Pointer, PointerState } from "./pointer.js";
import { formatDuration } from "./duration.js";

export type ReleaseAction =
  | { kind: "promote"; version: string; force?: boolean; reason?: string }
  /** `to` absent: the next step. */
  | { kind: "rollout"; to?: number; force?: boolean; reason?: string }
  | { kind: "rollback"; reason?: string };

export type PlanPolicy = Pick<Project, "environments" | "pipeline" | "rollout">;

export interface PlanInput {
  project: PlanPolicy;
  env: string;
  /** The env's pointer; null when nothing was ever promoted to it. */
  current: Pointer | null;
  /** Every pointer state written for the env, oldest first (may or may not include `current`). */
  history: readonly Pointer[];
  /** Pointer of the env before this one in the pipeline (null when unset or not a pipeline env). */
  upstream: Pointer | null;
  now: Date;
  actor: string;
  /** Replaces the env's bake time (the demo and tests shorten it). */
  bakeMs?: number;
}

export type RefusalCode =
  | "E_UNKNOWN_ENV"
  | "E_FORCE_NEEDS_REASON"
  | "E_ALREADY_STABLE"
  | "E_ALREADY_CANDIDATE"
  | "E_CANDIDATE_IN_PROGRESS"
  | "E_PIPELINE_ORDER"
  | "E_NO_CANDIDATE"
  | "E_BAKING"
  | "E_BAD_PERCENT"
  | "E_SKIPS_STEP"
  | "E_NOTHING_TO_ROLL_BACK";

export type Plan =
  | { ok: true; next: PointerState; summary: string }
  | { ok: false; code: RefusalCode; reason: string; hint?: string; dueAt?: string };

/** The env before `env` in the pipeline, or null. */
export function upstreamEnv(project: PlanPolicy, env: string): string | null {
  const i = project.pipeline.indexOf(env);
  return i > 0 ? project.pipeline[i - 1] : null;
}

/** Rollout steps of an env; an env outside `rollout` goes straight to 100%. */
export function stepsOf(project: PlanPolicy, env: string): number[] {
  const steps = project.rollout[env]?.steps;
  return steps && steps.length > 0 ? steps : [100];
}

export function bakeOf(project: PlanPolicy, env: string, override?: number): number {
  return override ?? project.rollout[env]?.bakeMs ?? 0;
}

export function plan(input: PlanInput, action: ReleaseAction): Plan {
  const { project, env } = input;
  if (!project.environments.includes(env)) {
    return refuse("E_UNKNOWN_ENV", `unknown environment "${env}"`, `environments are: ${project.environments.join(", ")}`);
  }
  switch (action.kind) {
    case "promote":
      return planPromote(input, action);
    case "rollout":
      return planRollout(input, action);
    case "rollback":
      return planRollback(input, action);
  }
}

function planPromote(input: PlanInput, a: Extract<ReleaseAction, { kind: "promote" }>): Plan {
  const { project, env, current } = input;
  const reason = a.reason?.trim() ?? "";
  if (a.force && !reason) {
    return refuse("E_FORCE_NEEDS_REASON", "--force needs --reason", "say why, e.g. --reason \"hotfix for INC-123\"");
  }
  if (current?.candidate === a.version) {
    return refuse(
      "E_ALREADY_CANDIDATE",
      `${a.version} is already the candidate in ${env} at ${current.percent}%`,
      `continue with: flagctl rollout ${env}`,
    );
  }
  if (current?.stable === a.version) {
    return refuse(
      "E_ALREADY_STABLE",
      `${a.version} is already stable in ${env}`,
      current.candidate
        ? `to stop rolling out ${current.candidate}: flagctl rollback ${env}`
        : `nothing to do; flagctl status ${env} shows what runs there, flagctl log ${env} how it got there`,
    );
  }
  const forced: string[] = [];
  if (current?.candidate) {
    if (!a.force) {
      return refuse(
        "E_CANDIDATE_IN_PROGRESS",
        `${env} is rolling out ${current.candidate} (${current.percent}%)`,
        `finish it (flagctl rollout ${env}) or drop it (flagctl rollback ${env}) first, or replace it with --force --reason`,
      );
    }
    forced.push(`replaced candidate ${current.candidate} at ${current.percent}%`);
  }
  const up = upstreamEnv(project, env);
  if (up && input.upstream?.stable !== a.version) {
    const upStable = input.upstream?.stable ?? "none yet";
    if (!a.force) {
      return refuse(
        "E_PIPELINE_ORDER",
        `${a.version} is not stable in ${up} (stable there: ${upStable}); ${env} comes after ${up} in the pipeline`,
        `promote it through ${up} first, or override with --force --reason`,
      );
    }
    forced.push(`not stable in ${up}`);
  }
  const why = forced.length > 0 ? `${reason} [forced: ${forced.join("; ")}]` : reason;
  const first = stepsOf(project, env)[0];
  if (first >= 100) {
    const next = pointer(input, { stable: a.version, candidate: null, percent: 0 }, why || `promote ${a.version}`);
    return { ok: true, next, summary: `${env}: ${a.version} is now stable (was ${current?.stable ?? "none"})` };
  }
  const next = pointer(
    input,
    { stable: current?.stable ?? null, candidate: a.version, percent: first },
    why || `promote ${a.version} at ${first}%`,
  );
  return { ok: true, next, summary: `${env}: ${a.version} is the candidate at ${first}% (stable: ${next.stable ?? "none yet"})` };
}

function planRollout(input: PlanInput, a: Extract<ReleaseAction, { kind: "rollout" }>): Plan {
  const { project, env, current } = input;
  if (!current?.candidate) {
    return refuse("E_NO_CANDIDATE", `${env} has no candidate to roll out`, `start one with: flagctl promote <version> ${env}`);
  }
  const steps = stepsOf(project, env);
  const nextStep = steps.find((s) => s > current.percent) ?? 100;
  let to = nextStep;
  if (a.to !== undefined) {
    if (!Number.isFinite(a.to) || a.to <= current.percent || a.to > 100) {
      return refuse(
        "E_BAD_PERCENT",
        `--to ${a.to} must be above the current ${current.percent}% and at most 100`,
        `to lower the share, drop the candidate: flagctl rollback ${env}`,
      );
    }
    if (a.to > nextStep && !a.force) {
      return refuse(
        "E_SKIPS_STEP",
        `--to ${a.to} skips the ${nextStep}% step of ${env} (steps: ${steps.join(", ")})`,
        `go to ${nextStep}% first, or skip steps with --force`,
      );
    }
    to = a.to;
  }
  const bakeMs = bakeOf(project, env, input.bakeMs);
  const since = Date.parse(current.updatedAt);
  const dueAt = since + bakeMs;
  if (!a.force && input.now.getTime() < dueAt) {
    const left = dueAt - input.now.getTime();
    return {
      ...refuse(
        "E_BAKING",
        `${current.candidate} has been at ${current.percent}% in ${env} for ${formatDuration(input.now.getTime() - since)}; ` +
          `bake time is ${formatDuration(bakeMs)}, ${formatDuration(left)} to go`,
        `wait until ${new Date(dueAt).toISOString()}, or skip the bake with --force`,
      ),
      dueAt: new Date(dueAt).toISOString(),
    };
  }
  const reason = a.reason?.trim() ?? "";
  const forced = a.force && input.now.getTime() < dueAt ? " [forced: bake skipped]" : "";
  if (to >= 100) {
    const next = pointer(
      input,
      { stable: current.candidate, candidate: null, percent: 0 },
      `${reason || `rollout ${current.candidate} ${current.percent}% → 100%`}${forced}`,
    );
    return { ok: true, next, summary: `${env}: ${current.candidate} is now stable (was ${current.stable ?? "none"})` };
  }
  const next = pointer(
    input,
    { stable: current.stable, candidate: current.candidate, percent: to },
    `${reason || `rollout ${current.candidate} ${current.percent}% → ${to}%`}${forced}`,
  );
  return { ok: true, next, summary: `${env}: ${current.candidate} at ${to}% (was ${current.percent}%)` };
}

function planRollback(input: PlanInput, a: Extract<ReleaseAction, { kind: "rollback" }>): Plan {
  const { env, current } = input;
  const reason = a.reason?.trim() ?? "";
  if (current?.candidate) {
    const next = pointer(input, { stable: current.stable, candidate: null, percent: 0 }, reason || `rollback: drop candidate ${current.candidate}`);
    return {
      ok: true,
      next,
      summary: `${env}: dropped candidate ${current.candidate} (was at ${current.percent}%); serving ${current.stable ?? "nothing"}`,
    };
  }
  const previous = previousStable(input.history, current);
  if (!current?.stable || !previous) {
    return refuse(
      "E_NOTHING_TO_ROLL_BACK",
      `${env} has no candidate and no earlier stable release to return to`,
      `to serve another release, promote it: flagctl promote <version> ${env} (flagctl log ${env} shows the history)`,
    );
  }
  const next = pointer(input, { stable: previous, candidate: null, percent: 0 }, reason || `rollback ${current.stable} → ${previous}`);
  return { ok: true, next, summary: `${env}: back to ${previous} (was ${current.stable})` };
}

/**
 * The stable release before the current one. History is replayed as a stack: a new stable pushes, and returning to
 * the one beneath the top pops, so repeated rollbacks walk further back instead of toggling between two releases.
 */
export function previousStable(history: readonly Pointer[], current: Pointer | null): string | null {
  const states = [...history];
  if (current && states[states.length - 1]?.seq !== current.seq) states.push(current);
  const stack: string[] = [];
  let last: string | null = null;
  for (const p of states) {
    if (p.stable === last) continue;
    last = p.stable;
    if (p.stable === null) continue;
    if (stack.length >= 2 && stack[stack.length - 2] === p.stable) stack.pop();
    else stack.push(p.stable);
  }
  if (current?.stable == null || stack[stack.length - 1] !== current.stable) return null;
  return stack.length >= 2 ? stack[stack.length - 2] : null;
}

// No seq: the store assigns it when the compare-and-swap succeeds.
function pointer(input: PlanInput, state: Pick<Pointer, "stable" | "candidate" | "percent">, reason: string): PointerState {
  return {
    ...state,
    updatedAt: input.now.toISOString(),
    by: input.actor,
    reason,
  };
}

const refuse = (code: RefusalCode, reason: string, hint?: string): Extract<Plan, { ok: false }> => ({
  ok: false,
  code,
  reason,
  ...(hint ? { hint } : {}),
});
