// Compiled environments from the store: a released version, or what an environment runs now.
import type { EnvModel } from "../../core/compile/index.js";
import { StoreError, UsageError, VerificationError } from "../../errors.js";
import { readPointer } from "../../store/pointer.js";
import type { ObjectStore } from "../../store/store.js";
import { fetchEnvRelease, fetchManifest } from "../fetchRelease.js";

/**
 * Env name -> compiled model of a published release (every env, or only `env`), verified as a runtime verifies
 * it (without keys). A release that is not there is a usage error; one that does not verify, a broken store.
 */
export async function releaseModels(store: ObjectStore, version: string, env?: string): Promise<Record<string, EnvModel>> {
  try {
    const vm = await fetchManifest(store, version, []);
    const envs = Object.keys(vm.manifest.envs).sort();
    if (env !== undefined && !envs.includes(env)) {
      throw new UsageError(`release ${version} has no environment ${JSON.stringify(env)}`, `it has: ${envs.join(", ")}`, "E_NO_SUCH_ENV");
    }
    const out: Record<string, EnvModel> = {};
    const manifests = new Map([[version, vm]]);
    for (const name of env !== undefined ? [env] : envs) out[name] = (await fetchEnvRelease(store, name, version, { keys: [], manifests })).model;
    return out;
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    if (e.code === "E_NO_SUCH_RELEASE") throw new UsageError(e.message, "list releases with flagctl log, or pass --store", e.code);
    throw new StoreError(e.message, e.hint, "E_STORE_CORRUPT");
  }
}

export interface DeployedModel {
  role: "stable" | "candidate";
  version: string;
  /** Share of hosts on it: 100 - percent for stable while a candidate rolls out. */
  percent: number;
  label: string;
  model: EnvModel;
}

/** What `env` runs now: its stable release and, while one rolls out, the candidate (with its share of hosts). */
export async function deployedModels(store: ObjectStore, env: string): Promise<DeployedModel[]> {
  const { pointer } = await readPointer(store, env);
  if (!pointer) return [];
  const out: DeployedModel[] = [];
  const rolling = pointer.candidate !== null && pointer.percent < 100;
  const add = async (role: DeployedModel["role"], version: string, percent: number) => {
    const model = (await releaseModels(store, version, env))[env];
    const share = rolling ? ` (${percent}% of hosts)` : "";
    out.push({ role, version, percent, label: `${role} ${version}${share}`, model });
  };
  if (pointer.stable) await add("stable", pointer.stable, rolling ? 100 - pointer.percent : 100);
  if (pointer.candidate) await add("candidate", pointer.candidate, pointer.percent);
  return out;
}
