// Reading a published release back from a store, verified: signature (with a key), manifest, env files.
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

export async function fetchRelease(store: ObjectStore, version: string, verifyKey: KeyObject | null): Promise<FetchedRelease> {
  if (!isVersion(version)) {
    throw new RefusedError("E_BAD_VERSION", `${JSON.stringify(version)} is not a release version`, "versions look like v20261121.120000-abc1234; see flagctl log or the store's releases/");
  }
  const manifestBytes = await getReleaseFile(store, version, "manifest.json");
  if (!manifestBytes) {
    throw new RefusedError("E_NO_SUCH_RELEASE", `release ${version} is not in ${store.url}`, "publish it first: flagctl publish --build");
  }
  const signature = await getReleaseFile(store, version, "manifest.sig");
  const where = `${store.url} releases/${version}`;
  const manifest = await verifyRelease({ manifest: manifestBytes, signature }, (p) => getReleaseFile(store, version, p), verifyKey, where);
  if (manifest.version !== version) {
    throw new RefusedError("E_TAMPERED", `${where}: manifest names version ${manifest.version}`, "the release directory was renamed or copied by hand");
  }
  return { manifest, manifestBytes };
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
