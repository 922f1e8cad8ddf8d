// Reading releases. A release exists iff releases/<version>/manifest.json exists (see putRelease).
import { MANIFEST, RELEASES_PREFIX, checkName, releaseKey } from "./keys.js";
import type { ObjectStore } from "./store.js";

/** The bytes of releases/<version>/<path>, or null when absent. */
export async function getReleaseFile(store: ObjectStore, version: string, path: string): Promise<Buffer | null> {
  const got = await store.get(releaseKey(version, path));
  return got && got !== "not-modified" ? got.body : null;
}

/**
 * Versions that have a manifest, sorted ascending by string. flagctl versions (v<YYYYMMDD>.<HHMMSS>-<commit>)
 * sort chronologically this way. Half-uploaded releases are not listed.
 */
export async function listReleases(store: ObjectStore): Promise<string[]> {
  const versions: string[] = [];
  for (const key of await store.list(RELEASES_PREFIX)) {
    const parts = key.slice(RELEASES_PREFIX.length).split("/");
    if (parts.length === 2 && parts[1] === MANIFEST) {
      try {
        checkName("version", parts[0]);
        versions.push(parts[0]);
      } catch {
        /* not a flagctl release directory */
      }
    }
  }
  return versions.sort();
}
