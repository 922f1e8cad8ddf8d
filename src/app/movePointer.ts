// promote, rollout and rollback: one pointer move. read the env's pointer, history and upstream pointer, plan, and compare-and-swap the
// result. Losing the swap is a ConflictError (exit 4); a refusal is a RefusedError (exit 1) with the reason.
import { checkEnv } from "./loadProject.js";
import type { KeyObject } from "node:crypto";
import type { Project } from "../core/model.js";
import { plan, upstreamEnv, type ReleaseAction } from "../core/release/planner.js";
import { ConflictError, RefusedError } from "../errors.js";
import { readHistory } from "../store/history.js";
import { readPointer, writePointer } from "../store/pointer.js";
import type { Pointer } from "../core/release/pointer.js";
import type { ObjectStore } from "../store/store.js";
import { fetchRelease } from "./fetchRelease.js";

export interface MoveInput {
  store: ObjectStore;
  project: Pick<Project, "environments" | "pipeline" | "rollout">;
  env: string;
  action: ReleaseAction;
  now: Date;
  actor: string;
  bakeMs?: number;
  verifyKey?: KeyObject | null;
  /** Act only if the env's pointer is still at this seq (0: never written); otherwise a conflict. */
  ifSeq?: number;
}

export interface MoveResult {
  before: Pointer | null;
  after: Pointer;
  summary: string;
}

export async function movePointer(input: MoveInput): Promise<MoveResult> {
  const { store, project, env, action } = input;
  checkEnv(project.environments, env);
  // Only a complete, verified release that has this env may be pointed at: checked up front for promote (so a
  // typo fails before anything else), and for every move once the plan says where the pointer goes.
  if (action.kind === "promote") await verifyTarget(store, action.version, env, input.verifyKey ?? null);
  // Only promote checks the pipeline: a rollout or rollback of prod must not depend on dogfood's pointer being
  // readable (nor pay for reading it).
  const up = action.kind === "promote" ? upstreamEnv(project, env) : null;
  const [read, history, upstream] = await Promise.all([
    readPointer(store, env),
    action.kind === "rollback" ? readHistory(store, env) : Promise.resolve([]),
    up ? readPointer(store, up).then((r) => r.pointer) : Promise.resolve(null),
  ]);
  if (input.ifSeq !== undefined && (read.pointer?.seq ?? 0) !== input.ifSeq) {
    throw new ConflictError(
      `the pointer of ${env} is at #${read.pointer?.seq ?? 0}, not #${input.ifSeq} as --if-seq requires (it changed since it was read)`,
      "look at flagctl status and decide again",
    );
  }
  const p = plan(
    {
      project,
      env,
      current: read.pointer,
      history: [...history].reverse(),
      upstream,
      now: input.now,
      actor: input.actor,
      bakeMs: input.bakeMs,
    },
    action,
  );
  if (!p.ok) throw new RefusedError(p.reason, p.hint, p.code);
  // Where hosts go after the move: the candidate being rolled out, else the stable release (rollout to 100%,
  // rollback). A release corrupted in the store since it was published is refused here, before the swap.
  const target = p.next.candidate ?? p.next.stable;
  if (target && !(action.kind === "promote" && target === action.version)) await verifyTarget(store, target, env, input.verifyKey ?? null);
  const expected = read.pointer && read.etag ? { seq: read.pointer.seq, etag: read.etag } : null;
  const after = await writePointer(store, env, expected, p.next);
  return { before: read.pointer, after, summary: p.summary };
}

async function verifyTarget(store: ObjectStore, version: string, env: string, verifyKey: KeyObject | null): Promise<void> {
  const release = await fetchRelease(store, version, verifyKey);
  if (!release.manifest.envs[env]) {
    throw new RefusedError(`release ${version} has no environment "${env}"`, "build it from a commit whose flagctl.yaml lists the environment", "E_NO_SUCH_ENV");
  }
}
