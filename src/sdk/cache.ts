// The last-known-good copy of a running release in the cache dir, so a process that restarts while the store
// is down serves what it served before. One file per environment holds the manifest, its signature and the
// env file together (written to a temp file, fsynced, renamed), so a crash leaves the old copy or the new,
// never a manifest from one release beside an env file from another. On read everything is verified again
// exactly as if it came from the store; a damaged file is refused, never half-used.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { checkEnvFile, checkManifest, type EnvRelease } from "../app/fetchRelease.js";
import type { KeyObject } from "node:crypto";
import type { Track } from "../core/release/track.js";
import { VerificationError } from "../errors.js";
import { writeFileAtomic } from "../store/fileStore.js";

const FORMAT = 1;

export interface CachedRelease {
  release: EnvRelease;
  /** The pointer's seq when the release was applied, in `store`'s numbering. */
  seq: number;
  track: Track;
  /** The store URL it was loaded from (absent in files from before it was recorded). */
  store?: string;
}

export const cacheFile = (dir: string, env: string): string => path.join(dir, `${env}.release.json`);

export async function writeCache(dir: string, c: CachedRelease): Promise<void> {
  const r = c.release;
  const doc = {
    format: FORMAT,
    env: r.env,
    version: r.version,
    seq: c.seq,
    track: c.track,
    store: c.store,
    manifest: r.manifestBytes.toString("base64"),
    signature: r.signature ? r.signature.toString("base64") : null,
    envFile: r.envBytes.toString("base64"),
  };
  await fs.mkdir(dir, { recursive: true });
  const file = cacheFile(dir, r.env);
  await writeFileAtomic(file, `${file}.tmp-${randomBytes(6).toString("hex")}`, JSON.stringify(doc));
}

/**
 * The cached release of `env`, verified with `keys`; null when there is none. Throws VerificationError when
 * the file exists but is damaged or fails verification.
 */
export async function readCache(dir: string, env: string, keys: readonly KeyObject[]): Promise<CachedRelease | null> {
  const file = cacheFile(dir, env);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new VerificationError(`cannot read the cached release ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`, undefined, "E_CACHE_UNREADABLE");
  }
  const bad = (why: string) => new VerificationError(`the cached release ${file} ${why}`, "it is ignored; it is rewritten after the next release loads from the store", "E_CACHE_DAMAGED");
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw bad("is not JSON (truncated?)");
  }
  if (
    doc === null || typeof doc !== "object" || doc.format !== FORMAT || doc.env !== env || typeof doc.version !== "string" ||
    !Number.isInteger(doc.seq) || (doc.track !== "stable" && doc.track !== "candidate") || typeof doc.manifest !== "string" ||
    (doc.signature !== null && typeof doc.signature !== "string") || typeof doc.envFile !== "string" ||
    (doc.store !== undefined && typeof doc.store !== "string")
  ) {
    throw bad("is not a flagctl cache file of this format");
  }
  const manifestBytes = Buffer.from(doc.manifest, "base64");
  const signature = typeof doc.signature === "string" ? Buffer.from(doc.signature, "base64") : null;
  const envBytes = Buffer.from(doc.envFile, "base64");
  const where = `cache ${file}`;
  const manifest = checkManifest({ manifest: manifestBytes, signature }, doc.version, keys, where);
  const model = checkEnvFile(manifest, env, envBytes, where);
  return {
    release: { version: doc.version, env, manifest, manifestBytes, signature, envBytes, model },
    seq: doc.seq as number,
    track: doc.track,
    ...(typeof doc.store === "string" ? { store: doc.store } : {}),
  };
}
