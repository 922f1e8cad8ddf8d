// Uploading a release so that it appears all at once: a release exists iff its manifest exists, and the
// manifest goes up last (after its signature), so a reader never sees a manifest whose env files are missing.
import { createHash } from "node:crypto";
import { ConflictError, StoreError, UsageError } from "../errors.js";
import { MANIFEST, MANIFEST_SIG, releaseKey } from "./keys.js";
import { getReleaseFile } from "./releases.js";
import type { ObjectStore } from "./store.js";
import { ReleaseExistsError } from "./storeErrors.js";

export interface ReleaseFile {
  /** Relative to releases/<version>/: "envs/prod.json", "manifest.json", "manifest.sig". */
  path: string;
  body: Buffer;
}

export interface PutReleaseResult {
  version: string;
  /** Paths written by this call, in upload order. */
  uploaded: string[];
  /** Paths already in the store with identical bytes. */
  unchanged: string[];
  /** Paths of an already published release that were damaged or missing and were restored (`repair`). */
  repaired: string[];
}

export interface PutReleaseOptions {
  /** Called before each file is handled, for progress displays. */
  onFile?: (path: string, index: number, total: number) => void;
  /**
   * The caller has checked every file against the manifest (publish does). Then, when the store already holds
   * this version with a byte-identical manifest, a file there that differs or is missing is damage to that
   * release, not another release: it is replaced with these bytes, which the manifest vouches for. A
   * signature is never added to or changed in a published release.
   */
  repair?: boolean;
}

/**
 * Uploads a release: env files, then manifest.sig, then manifest.json; each file is skipped when the store
 * already holds identical bytes. Refuses (ReleaseExistsError, exit 1) when the published release (its
 * manifest exists) differs in any file. Leftovers of an interrupted upload (no manifest yet) are replaced.
 * Reads every file back (sha256) before the manifest goes up, and the whole release after.
 */
export async function putRelease(
  store: ObjectStore,
  version: string,
  files: ReleaseFile[],
  options: PutReleaseOptions = {},
): Promise<PutReleaseResult> {
  const rank = (p: string) => (p === MANIFEST ? 2 : p === MANIFEST_SIG ? 1 : 0);
  const ordered = [...files].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!ordered.some((f) => f.path === MANIFEST)) {
    throw new UsageError(`release ${version} has no ${MANIFEST}`);
  }
  if (new Set(ordered.map((f) => f.path)).size !== ordered.length) {
    throw new UsageError(`release ${version} lists a file twice`);
  }
  const keys = ordered.map((f) => releaseKey(version, f.path));

  const manifestKey = releaseKey(version, MANIFEST);
  const got = await store.get(manifestKey);
  const published = got === "not-modified" ? null : got;
  const sameManifest = published !== null && published.body.equals(ordered.at(-1)!.body);
  // A published release with another manifest is another release: refused before anything is written.
  if (published && !sameManifest) {
    throw new ReleaseExistsError(`release ${version} is already in ${store.url} with different bytes in ${MANIFEST}`);
  }
  const result: PutReleaseResult = { version, uploaded: [], unchanged: [], repaired: [] };

  for (const [i, file] of ordered.entries()) {
    // Everything the manifest vouches for must be readable and intact before the manifest makes it visible.
    if (file.path === MANIFEST) await verifyFiles(store, version, ordered.slice(0, i));
    options.onFile?.(file.path, i, ordered.length);
    const key = keys[i];
    const current = key === manifestKey ? published : await store.get(key);
    const existing = current === "not-modified" ? null : current;
    if (existing && existing.body.equals(file.body)) {
      result.unchanged.push(file.path);
      continue;
    }
    const repair = published !== null && options.repair === true && file.path !== MANIFEST_SIG;
    if (published && !repair && (existing || file.path === MANIFEST_SIG)) {
      throw new ReleaseExistsError(
        existing
          ? `release ${version} is already in ${store.url} with different bytes in ${file.path}`
          : `release ${version} is already in ${store.url} unsigned; a signature is not added to a published release`,
      );
    }
    try {
      // Create-only, or replace exactly the leftover we looked at: a concurrent publisher of the same version
      // makes one of us lose here instead of interleaving files.
      await store.put(key, file.body, existing ? { ifMatch: existing.etag } : { ifNoneMatch: "*" });
      (published ? result.repaired : result.uploaded).push(file.path);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const now = await store.get(key);
      if (now && now !== "not-modified" && now.body.equals(file.body)) {
        result.unchanged.push(file.path);
        continue;
      }
      throw new ReleaseExistsError(
        `release ${version} was published to ${store.url} at the same time with different bytes in ${file.path}`,
      );
    }
  }

  // Again after the manifest: a concurrent publisher of the same version could have replaced a leftover
  // between the check above and the manifest write.
  await verifyFiles(store, version, ordered);
  return result;
}

/** Reads every file back and compares sha256 with what was meant to be there. */
async function verifyFiles(store: ObjectStore, version: string, files: ReleaseFile[]): Promise<void> {
  for (const file of files) {
    const body = await getReleaseFile(store, version, file.path);
    if (!body || sha256(body) !== sha256(file.body)) {
      throw new StoreError(
        `verification failed: ${releaseKey(version, file.path)} in ${store.url} ${body ? "does not have the bytes uploaded" : "is missing after upload"}`,
        "the store lost or altered the upload; check the store, then publish again",
        "E_STORE_VERIFY",
      );
    }
  }
}

export function sha256(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}
