// Reading a published release back from a store, verified: signature (with a key), manifest, env files. Pointer
// moves verify the whole release; a runtime fetches and verifies the one environment it serves with
// fetchEnvRelease.ts (several verify keys, manifests cached by version, the env file loaded).
import type { KeyObject } from "node:crypto";
import type { Manifest } from "../core/release/manifest.js";
import { isVersion } from "../core/release/version.js";
import { RefusedError } from "../errors.js";
import { getReleaseFile } from "../store/releases.js";
import type { ObjectStore } from "../store/store.js";
import { verifyRelease } from "../release/verify.js";

export interface FetchedRelease {
  manifest: Manifest;
  manifestBytes: Buffer;
}

/** The whole release, every env file verified: what a pointer move may point at. */
export async function fetchRelease(store: ObjectStore, version: string, verifyKey: KeyObject | null): Promise<FetchedRelease> {
  const { files, where } = await manifestFiles(store, version);
  const manifest = checkVersion(await verifyRelease(files, (p) => getReleaseFile(store, version, p), verifyKey, where), version, where);
  return { manifest, manifestBytes: files.manifest };
}

async function manifestFiles(store: ObjectStore, version: string): Promise<{ files: { manifest: Buffer; signature: Buffer | null }; where: string }> {
  if (!isVersion(version)) {
    throw new RefusedError(`${JSON.stringify(version)} is not a release version`, "versions look like v20261121.120000-abc1234; see flagctl log or the store's releases/", "E_BAD_VERSION");
  }
  const manifest = await getReleaseFile(store, version, "manifest.json");
  if (!manifest) {
    throw new RefusedError(`release ${version} is not in ${store.url}`, "publish it first: flagctl publish --build", "E_NO_SUCH_RELEASE");
  }
  return { files: { manifest, signature: await getReleaseFile(store, version, "manifest.sig") }, where: `${store.url} releases/${version}` };
}

function checkVersion(manifest: Manifest, version: string, where: string): Manifest {
  if (manifest.version !== version) {
    throw new RefusedError(`${where}: manifest names version ${manifest.version}`, "the release directory was renamed or copied by hand", "E_TAMPERED");
  }
  return manifest;
}

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
