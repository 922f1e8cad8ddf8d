// `rollout --watch`: drive an environment's candidate through its remaining steps. Each step waits out the bake
// (re-reading the pointer, so a human change stops the watch instead of being fought), runs every gate, then
// moves with --if-seq semantics. A failing gate rolls the candidate back. All state lives in the pointer, so a
// watch that is killed and started again continues where the pointer stands.
import { checkEnv } from "./loadProject.js";
import type { KeyObject } from "node:crypto";
import type { Gate, Project } from "../core/model.js";
import { bakeOf, stepsOf } from "../core/release/planner.js";
import { ConflictError, RefusedError } from "../errors.js";
import { movePointer } from "./movePointer.js";
import { readPointer } from "../store/pointer.js";
import type { Pointer } from "../core/release/pointer.js";
import type { ObjectStore } from "../store/store.js";
import type { GateContext, RunGate } from "../release/runGate.js";

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export type WatchEvent =
  | { event: "start"; env: string; pointer: Pointer; steps: number[]; bakeMs: number; gates: string[] }
  | { event: "baking"; env: string; pointer: Pointer; dueAt: string; next: number }
  | { event: "gate"; env: string; gate: string; ok: boolean; detail: string; ms: number }
  | { event: "moved"; env: string; before: Pointer; after: Pointer; summary: string }
  | { event: "rolled-back"; env: string; before: Pointer; after: Pointer; reason: string }
  | { event: "stable"; env: string; pointer: Pointer };

export type WatchOutcome =
  | { outcome: "stable"; pointer: Pointer }
  | { outcome: "rolled-back"; pointer: Pointer; gate: string; reason: string };

export interface WatchInput {
  store: ObjectStore;
  project: Pick<Project, "environments" | "pipeline" | "rollout">;
  env: string;
  gates: readonly Gate[];
  actor: string;
  /** Replaces the env's bake time (--bake, FLAGCTL_BAKE_SCALE). */
  bakeMs?: number;
  /** Every move re-verifies the release it moves to; with a key, its signature too. */
  verifyKey?: KeyObject | null;
  clock: Clock;
  runGate: RunGate;
  onEvent: (e: WatchEvent) => void;
  /** How often the pointer is re-read while baking (default 2s). */
  pollMs?: number;
}

export const gateName = (g: Gate): string => (g.kind === "run" ? g.run : g.url);

export async function watchRollout(input: WatchInput): Promise<WatchOutcome> {
  const { store, project, env, clock } = input;
  checkEnv(project.environments, env);
  const steps = stepsOf(project, env);
  const bakeMs = bakeOf(project, env, input.bakeMs);
  const pollMs = input.pollMs ?? 2000;
  let pointer = (await readPointer(store, env)).pointer;
  if (!pointer?.candidate) {
    throw new RefusedError(
      `${env} has no candidate to watch (stable: ${pointer?.stable ?? "none yet"})`,
      `start one with: flagctl promote <version> ${env}`,
      "E_NO_CANDIDATE",
    );
  }
  input.onEvent({ event: "start", env, pointer, steps, bakeMs, gates: input.gates.map(gateName) });

  for (;;) {
    const candidate = pointer.candidate!;
    const next = steps.find((s) => s > pointer!.percent) ?? 100;
    const dueAt = Date.parse(pointer.updatedAt) + bakeMs;
    if (clock.now().getTime() < dueAt) {
      input.onEvent({ event: "baking", env, pointer, dueAt: new Date(dueAt).toISOString(), next });
      while (clock.now().getTime() < dueAt) {
        await clock.sleep(Math.min(pollMs, dueAt - clock.now().getTime()));
        const again = (await readPointer(store, env)).pointer;
        if (again?.seq !== pointer.seq) throw changedUnder(env, pointer, again);
      }
    }

    const ctx: GateContext = { env, candidate, stable: pointer.stable, percent: pointer.percent, nextPercent: next };
    for (const gate of input.gates) {
      const r = await input.runGate(gate, ctx);
      input.onEvent({ event: "gate", env, gate: gateName(gate), ok: r.ok, detail: r.detail, ms: r.ms });
      if (r.ok) continue;
      const reason = `gate failed: ${gateName(gate)}: ${r.detail}`;
      const back = await movePointer({
        store, project, env, action: { kind: "rollback", reason }, ifSeq: pointer.seq, now: clock.now(), actor: input.actor, verifyKey: input.verifyKey,
      });
      input.onEvent({ event: "rolled-back", env, before: pointer, after: back.after, reason });
      return { outcome: "rolled-back", pointer: back.after, gate: gateName(gate), reason };
    }

    const passed = input.gates.length === 0 ? "no gates" : `${input.gates.length} gate${input.gates.length === 1 ? "" : "s"} passed`;
    const moved = await movePointer({
      store,
      project,
      env,
      action: { kind: "rollout", reason: `rollout --watch ${candidate} ${pointer.percent}% → ${next}% (${passed})` },
      ifSeq: pointer.seq,
      now: clock.now(),
      actor: input.actor,
      bakeMs: input.bakeMs,
      verifyKey: input.verifyKey,
    });
    input.onEvent({ event: "moved", env, before: pointer, after: moved.after, summary: moved.summary });
    pointer = moved.after;
    if (!pointer.candidate) {
      input.onEvent({ event: "stable", env, pointer });
      return { outcome: "stable", pointer };
    }
  }
}

function changedUnder(env: string, was: Pointer, now: Pointer | null): ConflictError {
  const state = now ? `#${now.seq} by ${now.by}${now.reason ? ` (${now.reason})` : ""}` : "deleted";
  return new ConflictError(
    `the pointer of ${env} changed under the watch: it was #${was.seq}, now ${state}`,
    `look at flagctl status ${env}; run rollout --watch again to continue from the new state`,
  );
}
