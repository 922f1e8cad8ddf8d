// Turning the runtime's options (what a service owner writes) into values: a store, durations, keys.
// Mistakes here are programming errors in the caller's service, so they throw at construction (UsageError),
// before anything runs; everything after construction reports through status and events instead.
import type { KeyObject } from "node:crypto";
import { statSync } from "node:fs";
import os from "node:os";
import { parseDuration } from "../core/release/duration.js";
import { UsageError } from "../errors.js";
import { readKey } from "../release/sign.js";
import { openStore, s3OptionsFromEnv, type OpenStoreOptions } from "../store/openStore.js";
import type { ObjectStore } from "../store/store.js";
import { checkName } from "../store/keys.js";
import { ReleaseDirStore } from "./releaseDirStore.js";

export function durationMs(name: string, v: number | string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const ms = typeof v === "number" ? v : parseDuration(v);
  if (ms === null || !Number.isFinite(ms) || ms < min) {
    throw new UsageError(`${name}: ${JSON.stringify(v)} is not a duration${min ? ` of at least ${min} ms` : ""}`, 'give milliseconds or a string such as "5s", "500ms", "1m"');
  }
  return ms;
}

/** The store and whether we opened it (then we close it). */
export function resolveStore(store: string | ObjectStore, options: OpenStoreOptions = {}): { store: ObjectStore; owned: boolean } {
  if (typeof store !== "string") return { store, owned: false };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(store)) {
    // A runtime must not hang a poll for minutes: fewer attempts and a shorter timeout than the CLI's, unless
    // FLAGCTL_S3_* says otherwise.
    const env = options.env ?? process.env;
    const s3 = { maxAttempts: 2, requestTimeoutMs: 10_000, connectTimeoutMs: 3_000, ...s3OptionsFromEnv(env, options.endpoint), ...options.s3 };
    return { store: openStore(store, { ...options, s3 }), owned: true };
  }
  let isDir = false;
  try {
    isDir = statSync(store).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new UsageError(`store ${JSON.stringify(store)} is neither a store URL nor a release directory`, "use s3://bucket/prefix, file://DIR, or the directory flagctl build --out wrote");
  return { store: new ReleaseDirStore(store), owned: true };
}

/** Public keys from PEM text or PEM files; ed25519 only. */
export function loadVerifyKeys(keys: string | KeyObject | readonly (string | KeyObject)[] | undefined): KeyObject[] {
  const list: readonly (string | KeyObject)[] = keys === undefined ? [] : Array.isArray(keys) ? keys : [keys as string | KeyObject];
  return list.map((k, i) => (typeof k === "string" ? readKey("public", k, `verifyKeys[${i}]`) : k));
}

export function checkEnvName(env: unknown): string {
  if (typeof env !== "string") throw new UsageError("env is required: the environment whose releases to run");
  checkName("environment", env);
  return env;
}

export function hostOf(host: unknown): string {
  if (host === undefined) return os.hostname();
  if (typeof host !== "string" || host === "") throw new UsageError("host must be a non-empty string (the unit of the staged rollout)");
  return host;
}
