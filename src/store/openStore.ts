// One entry point from a store URL to a backend, so commands never care which backend they talk to.
import path from "node:path";
import { UsageError } from "../errors.js";
import { FileStore, type FileStoreOptions } from "./fileStore.js";
import { allowUnsafeNoCas } from "./probe.js";
import { parseS3Url, S3Store, type ChecksumMode, type S3StoreOptions } from "./s3Store.js";
import type { ObjectStore } from "./store.js";

export interface OpenStoreOptions {
  /** S3-compatible endpoint; overrides FLAGCTL_S3_ENDPOINT. */
  endpoint?: string;
  /** Accept a store that ignores conditional writes (pointer CAS becomes last-writer-wins). */
  unsafeNoCas?: boolean;
  /** Base for relative file:// paths (default process.cwd()). */
  cwd?: string;
  /** Where FLAGCTL_S3_* settings are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Overrides for the S3 backend (tests, embedding). */
  s3?: S3StoreOptions;
  file?: FileStoreOptions;
}

/**
 * Opens `file://DIR` (DIR absolute, or relative to cwd: file://./store, file://store) or `s3://bucket/prefix`.
 * Throws UsageError for anything else. Opening does no I/O.
 */
export function openStore(url: string, options: OpenStoreOptions = {}): ObjectStore {
  const env = options.env ?? process.env;
  let store: ObjectStore;
  if (url.startsWith("file://")) {
    const dir = url.slice("file://".length);
    if (dir === "") throw new UsageError(`store URL ${url} names no directory`, "use file:///abs/dir or file://./rel/dir");
    let decoded: string;
    try {
      decoded = decodeURIComponent(dir);
    } catch {
      throw new UsageError(`invalid store URL ${url}: bad %-escape`, "write % as %25 in a store URL, or give file:// a plain path");
    }
    store = new FileStore(path.resolve(options.cwd ?? process.cwd(), decoded), options.file);
  } else if (url.startsWith("s3://")) {
    const location = parseS3Url(url);
    if (!location) throw new UsageError(`invalid S3 store URL ${url}`, "use s3://bucket/prefix");
    store = new S3Store(location, { ...s3OptionsFromEnv(env, options.endpoint), ...options.s3 });
  } else {
    throw new UsageError(
      `unsupported store URL ${JSON.stringify(url)}`,
      "use s3://bucket/prefix or file://DIR (e.g. file://./store)",
    );
  }
  if (options.unsafeNoCas) allowUnsafeNoCas(store);
  return store;
}

/** The FLAGCTL_S3_* environment variables, documented in docs/stores.md. */
export function s3OptionsFromEnv(env: NodeJS.ProcessEnv, endpoint?: string): S3StoreOptions {
  const options: S3StoreOptions = {};
  const ep = endpoint ?? nonEmpty(env.FLAGCTL_S3_ENDPOINT);
  if (ep) {
    if (!/^https?:\/\/[^/]/.test(ep)) {
      throw new UsageError(`invalid S3 endpoint ${JSON.stringify(ep)}`, "use http://host:port or https://host");
    }
    options.endpoint = ep;
  }
  // The SDK's chain reads these from process.env first anyway; reading them from `env` lets an embedding
  // caller (or an in-process CLI test) inject them.
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId && secretAccessKey) {
    options.credentials = { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) };
  }
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region) options.region = region;
  const pathStyle = nonEmpty(env.FLAGCTL_S3_FORCE_PATH_STYLE);
  if (pathStyle) options.forcePathStyle = parseBool("FLAGCTL_S3_FORCE_PATH_STYLE", pathStyle);
  const checksums = nonEmpty(env.FLAGCTL_S3_CHECKSUMS);
  if (checksums) {
    const mode = checksums.toUpperCase();
    if (mode !== "WHEN_REQUIRED" && mode !== "WHEN_SUPPORTED") {
      throw new UsageError(`FLAGCTL_S3_CHECKSUMS must be when_required or when_supported, not ${checksums}`, "unset it for the default (when_required with an endpoint, else when_supported)");
    }
    options.checksums = mode as ChecksumMode;
  }
  const attempts = nonEmpty(env.FLAGCTL_S3_MAX_ATTEMPTS);
  if (attempts) options.maxAttempts = parsePositiveInt("FLAGCTL_S3_MAX_ATTEMPTS", attempts);
  const timeout = nonEmpty(env.FLAGCTL_S3_TIMEOUT_MS);
  if (timeout) options.requestTimeoutMs = parsePositiveInt("FLAGCTL_S3_TIMEOUT_MS", timeout);
  return options;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function parseBool(name: string, v: string): boolean {
  if (/^(1|true|yes)$/i.test(v)) return true;
  if (/^(0|false|no)$/i.test(v)) return false;
  throw new UsageError(`${name} must be true or false, not ${v}`, `set ${name}=true or ${name}=false, or unset it`);
}

function parsePositiveInt(name: string, v: string): number {
  const n = /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, not ${v}`, `e.g. ${name}=3, or unset it for the default`);
  return n;
}
