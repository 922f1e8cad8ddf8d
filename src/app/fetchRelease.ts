// The one path that reads a published release back from a store and verifies it before anything trusts it:
// the manifest (signature checked against any of the configured keys; its version must be the one asked for),
// then env files against the manifest's sha256 and size. Pointer moves and `status` verify the whole release
// (fetchRelease); the runtime (SDK, agent, its cache) and `stale` one environment, loaded (fetchEnvRelease).
import type { KeyObject } from "node:crypto";
import { loadEnvModel, type EnvModel } from "../core/compile/index.js";
import type { Manifest } from "../core/release/manifest.js";
import { isVersion } from "../core/release/version.js";
import { FlagctlError, VerificationError } from "../errors.js";
import { verifyEnvFile, verifyManifest, verifyRelease } from "../release/verify.js";
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

/** Reads releases/<version>/<path>, or null when absent; a caller may pass its own (status records ETags). */
export type ReleaseReader = (path: string) => Promise<Buffer | null>;

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
  return checkVersion(manifest, version, where);
}

function checkVersion(manifest: Manifest, version: string, where: string): Manifest {
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

/**
 * releases/<version>/manifest.json (and manifest.sig), verified with any of `keys`. Throws VerificationError
 * (E_NO_SUCH_RELEASE when the release is not in the store).
 */
export async function fetchManifest(store: ObjectStore, version: string, keys: readonly KeyObject[], read: ReleaseReader = reader(store, version)): Promise<VerifiedManifest> {
  if (!isVersion(version)) {
    throw new VerificationError(`${JSON.stringify(version)} is not a release version`, "versions look like v20261121.120000-abc1234; see flagctl log or the store's releases/", "E_BAD_VERSION");
  }
  const [manifestBytes, signature] = await Promise.all([read(MANIFEST), read(MANIFEST_SIG)]);
  if (!manifestBytes) throw new VerificationError(`release ${version} is not in ${store.url} (no manifest.json)`, "a version you name must be published first (flagctl publish --build); one a pointer names was deleted from the store: move the pointer to a release that is there (flagctl log <env>)", "E_NO_SUCH_RELEASE");
  return { manifest: checkManifest({ manifest: manifestBytes, signature }, version, keys, `${store.url} releases/${version}`), manifestBytes, signature };
}

const reader = (store: ObjectStore, version: string): ReleaseReader => (p) => getReleaseFile(store, version, p);

/** The whole release, every env file verified: what a pointer move may point at. Throws VerificationError. */
export async function fetchRelease(store: ObjectStore, version: string, verifyKey: KeyObject | null, read = reader(store, version)): Promise<VerifiedManifest> {
  const vm = await fetchManifest(store, version, verifyKey ? [verifyKey] : [], read);
  await verifyRelease({ manifest: vm.manifestBytes, signature: vm.signature }, read, verifyKey, `${store.url} releases/${version}`);
  return vm;
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
  let vm = opts.manifests?.get(version);
  if (!vm) {
    vm = await fetchManifest(store, version, opts.keys);
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

/** The manifest only, unverified, or null: for release notes, where a missing release is not an error. */
export async function readManifestLoosely(store: ObjectStore, version: string): Promise<Manifest | null> {
  const bytes = await getReleaseFile(store, version, "manifest.json").catch(() => null);
  if (!bytes) return null;
  try {
    return JSON.parse(bytes.toString("utf8")) as Manifest;
  } catch {
    return null;
  }
}
