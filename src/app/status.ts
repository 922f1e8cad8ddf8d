// `flagctl status` as data: every environment's pointer, read at once, with what is due next.
import type { Project } from "../core/model.js";
import type { Pointer } from "../core/release/pointer.js";
import { upstreamEnv } from "../core/release/planner.js";
import { envStatus, type EnvStatus } from "../core/release/status.js";
import { UsageError } from "../errors.js";
import { readPointer } from "../store/pointer.js";
import { listReleases } from "../store/releases.js";
import type { ObjectStore } from "../store/store.js";

export interface StatusInput {
  store: ObjectStore;
  project: Pick<Project, "name" | "environments" | "pipeline" | "rollout">;
  /** Only this environment. */
  env?: string;
  now: Date;
  bakeOverride: (env: string) => number | undefined;
  /** Also find out whether the store is empty (one more listing, so only when it will be shown). */
  checkEmpty?: boolean;
}

export interface StatusReport {
  project: string;
  store: string;
  now: string;
  environments: EnvStatus[];
  /** No pointer and no release: a mistyped --store looks exactly like a store nobody has published to. */
  storeEmpty?: boolean;
}

export async function status(input: StatusInput): Promise<StatusReport> {
  const { store, project, env, now } = input;
  if (env !== undefined && !project.environments.includes(env)) {
    throw new UsageError(`unknown environment "${env}"`, `environments are: ${project.environments.join(", ")}`);
  }
  const pointers = new Map<string, Pointer | null>();
  await Promise.all(project.environments.map(async (e) => pointers.set(e, (await readPointer(store, e)).pointer)));
  const environments = (env ? [env] : project.environments).map((e) => {
    const up = upstreamEnv(project, e);
    return envStatus(project, e, pointers.get(e) ?? null, up ? (pointers.get(up) ?? null) : null, now, input.bakeOverride(e));
  });
  const storeEmpty = input.checkEmpty && [...pointers.values()].every((p) => p === null) && (await listReleases(store)).length === 0;
  return { project: project.name, store: store.url, now: now.toISOString(), environments, storeEmpty };
}
