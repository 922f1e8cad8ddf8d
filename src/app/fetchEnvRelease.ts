// One environment of one release, fetched from a store and verified before anything trusts it: the manifest
// (signature checked against any of the configured keys), then the environment's file (sha256 and size from
// the manifest), then its shape (loadEnvModel). The runtime (SDK, agent) and its cache share this path, so a
// release is accepted by the same checks whether it comes from the store or from the cache dir.
import type { KeyObject } from "node:crypto";
import { loadEnvModel, type EnvModel } from "../core/compile/index.js";
import type { Manifest } from "../core/release/manifest.js";
import { isVersion } from "../core/release/version.js";
import { FlagctlError, VerificationError } from "../errors.js";
import { verifyEnvFile, verifyManifest } from "../release/verify.js";
import { MANIFEST, MANIFEST_SIG } from "../store/keys.js";
import { getReleaseFile } from "../store/releases.js";
import type { ObjectStore } from "../store/store.js";

export interface VerifiedManifest {
  manifest: Manifest;
  manifestBytes: Buffer;
  signature: Buffer | null;
}

export interface EnvRelease extends VerifiedManifest {
  version: string;
  env: string;
  envBytes: Buffer;
  model: EnvModel;
}

/**
 * Checks manifest bytes (and signature) for `version`: with keys configured, a missing signature or one no
 * key verifies is refused. Throws VerificationError.
 */
export function checkManifest(files: { manifest: Buffer; signature: Buffer | null }, version: string, keys: readonly KeyObject[], where: string): Manifest {
  let manifest: Manifest | undefined;
  if (keys.length === 0) manifest = verifyManifest(files, null, where);
  else {
    let last: unknown;
    for (const key of keys) {
      try {
        manifest = verifyManifest(files, key, where);
        break;
      } catch (e) {
        last = e;
        // No signature at all: no other key will help.
        if (e instanceof VerificationError && e.code === "E_UNSIGNED") break;
      }
    }
    if (!manifest) throw last;
  }
  if (manifest.version !== version) {
    throw new VerificationError(`${where}: manifest names version ${manifest.version}, not ${version}`, "the release directory was renamed or copied by hand", "E_TAMPERED");
  }
  return manifest;
}

/** Checks an env file against its verified manifest and loads its model. Throws VerificationError. */
export function checkEnvFile(manifest: Manifest, env: string, envBytes: Buffer, where: string): EnvModel {
  verifyEnvFile(manifest, env, envBytes, where);
  let json: unknown;
  try {
    json = JSON.parse(envBytes.toString("utf8"));
  } catch (e) {
    throw new VerificationError(`${where}: envs/${env}.json is not JSON (${(e as Error).message})`, undefined, "E_BAD_ENV_FILE");
  }
  const loaded = loadEnvModel(json);
  if (!loaded.ok) {
    throw new VerificationError(`${where}: envs/${env}.json cannot be loaded: ${loaded.error}`, "this flagctl may be older than the one that built the release", "E_BAD_ENV_FILE");
  }
  if (loaded.model.env !== env) throw new VerificationError(`${where}: envs/${env}.json holds environment ${loaded.model.env}`, undefined, "E_TAMPERED");
  return loaded.model;
}

export interface FetchEnvReleaseOptions {
  keys: readonly KeyObject[];
  /** Verified manifests by version: releases are immutable, so a manifest is fetched and verified once. */
  manifests?: Map<string, VerifiedManifest>;
}

/**
 * Fetches and verifies releases/<version>/{manifest.json,manifest.sig,envs/<env>.json}. Throws StoreError when
 * the store fails, VerificationError when the release is missing, altered or not signed by a configured key.
 */
export async function fetchEnvRelease(store: ObjectStore, env: string, version: string, opts: FetchEnvReleaseOptions): Promise<EnvRelease> {
  const where = `${store.url} releases/${version}`;
  if (!isVersion(version)) throw new VerificationError(`${JSON.stringify(version)} is not a release version`, undefined, "E_BAD_VERSION");
  let vm = opts.manifests?.get(version);
  if (!vm) {
    const [manifestBytes, signature] = await Promise.all([getReleaseFile(store, version, MANIFEST), getReleaseFile(store, version, MANIFEST_SIG)]);
    if (!manifestBytes) throw new VerificationError(`${where}: manifest.json is missing`, "the pointer names a release that is not (or no longer) in the store", "E_NO_SUCH_RELEASE");
    const manifest = checkManifest({ manifest: manifestBytes, signature }, version, opts.keys, where);
    vm = { manifest, manifestBytes, signature };
    opts.manifests?.set(version, vm);
  }
  const entry = vm.manifest.envs[env];
  if (!entry) throw new VerificationError(`${where}: release ${version} has no environment "${env}"`, undefined, "E_NO_SUCH_ENV");
  const envBytes = await getReleaseFile(store, version, entry.path);
  if (!envBytes) throw new VerificationError(`${where}: ${entry.path} is missing`, "the release was deleted or half-copied", "E_TAMPERED");
  const model = checkEnvFile(vm.manifest, env, envBytes, where);
  return { ...vm, version, env, envBytes, model };
}

export const isRefusal = (e: unknown): boolean => e instanceof VerificationError;
export const errorCode = (e: unknown): string => (e instanceof FlagctlError ? e.code : "E_INTERNAL");
