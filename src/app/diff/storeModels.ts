// Compiled environments from the store: a released version, or what an environment runs now.
import { loadEnvModel, type EnvModel } from "../../core/compile/index.js";
import { envFilePath, parseManifest, sha256Hex } from "../../core/release/manifest.js";
import { StoreError, UsageError } from "../../errors.js";
import { readPointer } from "../../store/pointer.js";
import { getReleaseFile } from "../../store/releases.js";
import type { ObjectStore } from "../../store/store.js";

/** Env name -> compiled model of a published release (every env, or only `env`). */
export async function releaseModels(store: ObjectStore, version: string, env?: string): Promise<Record<string, EnvModel>> {
  const manifestBytes = await getReleaseFile(store, version, "manifest.json");
  if (!manifestBytes) throw new UsageError(`release ${version} is not in ${store.url}`, "list releases with flagctl log, or pass --store", "E_NO_SUCH_RELEASE");
  const parsed = parseManifest(manifestBytes);
  if (!parsed.ok) throw new StoreError(`${store.url} releases/${version}/manifest.json: ${parsed.message}`, undefined, "E_STORE_CORRUPT");
  const envs = Object.keys(parsed.manifest.envs).sort();
  if (env !== undefined && !envs.includes(env)) {
    throw new UsageError(`release ${version} has no environment ${JSON.stringify(env)}`, `it has: ${envs.join(", ")}`, "E_NO_SUCH_ENV");
  }
  const out: Record<string, EnvModel> = {};
  for (const name of env !== undefined ? [env] : envs) {
    const entry = parsed.manifest.envs[name];
    const where = `${store.url} releases/${version}/${envFilePath(name)}`;
    const body = await getReleaseFile(store, version, entry.path);
    if (!body) throw new StoreError(`${where} is missing`, "the release is incomplete; republish it", "E_STORE_CORRUPT");
    if (sha256Hex(body) !== entry.sha256) throw new StoreError(`${where} does not match its sha256 in the manifest`, "the release was changed after publishing", "E_STORE_CORRUPT");
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new StoreError(`${where} is not JSON`, undefined, "E_STORE_CORRUPT");
    }
    const loaded = loadEnvModel(json);
    if (!loaded.ok) throw new StoreError(`${where}: ${loaded.error}`, "this flagctl cannot read that release; upgrade flagctl", "E_STORE_CORRUPT");
    out[name] = loaded.model;
  }
  return out;
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
