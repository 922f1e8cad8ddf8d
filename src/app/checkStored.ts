// Re-checking releases a store already holds, for `flagctl status`: does each one still verify? A release that
// verified before is re-checked with conditional GETs (If-None-Match with the ETags it had then), so an unchanged
// release costs no body transfer and no hashing; a changed or new one is verified in full.
import { createHash, type KeyObject } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fetchRelease } from "./fetchRelease.js";
import { FlagctlError } from "../errors.js";
import { releaseKey } from "../store/keys.js";
import type { ObjectStore } from "../store/store.js";

export type StoredCheck = { version: string; ok: true } | { version: string; ok: false; code: string; message: string };

/** Release files by path -> the ETag they had when the release last verified ("" marks an absent manifest.sig). */
type Etags = Record<string, string>;
type CacheData = Record<string, Etags>;

const MAX_ENTRIES = 500;

/**
 * Where verified releases' ETags are remembered: FLAGCTL_CACHE_DIR, else the user's cache directory; null (no
 * cache, every check in full) when the environment names neither a cache dir nor a home.
 */
export function verifyCachePath(env: NodeJS.ProcessEnv): string | null {
  const dir = env.FLAGCTL_CACHE_DIR || (env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, "flagctl") : env.HOME ? join(env.HOME, ".cache", "flagctl") : null);
  return dir ? join(dir, "verified-releases.json") : null;
}

export class VerifyCache {
  private data: CacheData = {};
  private dirty = false;
  constructor(private readonly path: string | null) {}

  async load(): Promise<this> {
    if (!this.path) return this;
    try {
      const parsed = JSON.parse(await readFile(this.path, "utf8")) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) this.data = parsed as CacheData;
    } catch {
      /* no cache yet, or an unreadable one: verify in full */
    }
    return this;
  }

  get(id: string): Etags | undefined {
    const e = this.data[id];
    return e && typeof e === "object" ? e : undefined;
  }

  set(id: string, etags: Etags | undefined): void {
    if (etags) this.data[id] = etags;
    else delete this.data[id];
    this.dirty = true;
  }

  /** Best effort: a cache that cannot be written only makes the next run slower. */
  async save(): Promise<void> {
    if (!this.path || !this.dirty) return;
    const ids = Object.keys(this.data);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_ENTRIES))) delete this.data[id];
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.data));
      await rename(tmp, this.path);
    } catch {
      /* ignored on purpose */
    }
  }
}

/** Checks each version once (sha256 of every env file, the signature with a key); never throws for a bad release. */
export async function checkStoredReleases(
  store: ObjectStore,
  versions: Iterable<string>,
  verifyKey: KeyObject | null,
  cache: VerifyCache,
): Promise<Map<string, StoredCheck>> {
  const keyId = verifyKey ? createHash("sha256").update(verifyKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16) : "unsigned";
  const out = new Map<string, StoredCheck>();
  await Promise.all(
    [...new Set(versions)].map(async (version) => {
      const id = `${store.url} ${version} ${keyId}`;
      const known = cache.get(id);
      if (known && (await unchanged(store, version, known))) {
        out.set(version, { version, ok: true });
        return;
      }
      const checked = await checkInFull(store, version, verifyKey);
      cache.set(id, checked.ok ? checked.etags : undefined);
      out.set(version, checked.ok ? { version, ok: true } : { version, ok: false, code: checked.code, message: checked.message });
    }),
  );
  return out;
}

async function unchanged(store: ObjectStore, version: string, etags: Etags): Promise<boolean> {
  const answers = await Promise.all(
    Object.entries(etags).map(async ([path, etag]) => {
      const got = await store.get(releaseKey(version, path), etag ? { ifNoneMatch: etag } : undefined);
      return etag ? got === "not-modified" : got === null;
    }),
  );
  return answers.length > 0 && answers.every(Boolean);
}

async function checkInFull(
  store: ObjectStore,
  version: string,
  verifyKey: KeyObject | null,
): Promise<{ ok: true; etags: Etags } | { ok: false; code: string; message: string }> {
  const etags: Etags = {};
  const read = async (path: string) => {
    const got = await store.get(releaseKey(version, path));
    const file = got && got !== "not-modified" ? got : null;
    etags[path] = file?.etag ?? "";
    return file?.body ?? null;
  };
  try {
    await fetchRelease(store, version, verifyKey, read);
    return { ok: true, etags };
  } catch (e) {
    // Verification failures are findings to show; store failures (exit 3) still end the command.
    if (e instanceof FlagctlError && e.exitCode === 1) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
