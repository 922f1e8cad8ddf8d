// s3://bucket/prefix on AWS S3 or an S3-compatible server (MinIO, Ceph, R2, s3rver via --endpoint).
// Compare-and-swap is S3's own conditional PUT: If-Match with the ETag read, If-None-Match "*" to create.
// Every failure leaves here as a FlagctlError naming the store URL; SDK stacks never reach the user.
import { createHash } from "node:crypto";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { ConflictError, StoreError } from "../errors.js";
import type { ObjectStore, PutCondition, StoredObject } from "./store.js";

export type ChecksumMode = "WHEN_REQUIRED" | "WHEN_SUPPORTED";

export interface S3StoreOptions {
  /** S3-compatible endpoint, e.g. "http://127.0.0.1:9000". Unset: AWS. */
  endpoint?: string;
  /** Unset: AWS_REGION / AWS_DEFAULT_REGION / the shared config file; "us-east-1" when an endpoint is set. */
  region?: string;
  /** Path-style addressing (http://host/bucket/key). Default: on when an endpoint is set. */
  forcePathStyle?: boolean;
  /**
   * requestChecksumCalculation and responseChecksumValidation. Default: WHEN_REQUIRED when an endpoint is
   * set (many S3-compatible servers mishandle the aws-chunked checksum trailers), else the SDK's default.
   */
  checksums?: ChecksumMode;
  /** Attempts per request, first one included, with exponential backoff on throttling and 5xx (default 4). */
  maxAttempts?: number;
  /** TCP connect timeout (default 5 s). */
  connectTimeoutMs?: number;
  /** Time allowed without response data on one attempt (default 30 s). */
  requestTimeoutMs?: number;
  /** Explicit credentials; unset: the SDK's standard chain (env, profile, SSO, web identity, IMDS). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Keys per ListObjectsV2 page (default: the server's, 1000 on S3); small values exercise pagination. */
  listPageSize?: number;
}

export interface S3Location {
  bucket: string;
  /** "" or a prefix ending in "/". */
  prefix: string;
}

// The SDK takes ~100 ms to import; load it only when an s3:// store is actually used.
type Sdk = typeof import("@aws-sdk/client-s3");
let sdkModule: Promise<Sdk> | undefined;
export const loadS3Sdk = (): Promise<Sdk> => (sdkModule ??= import("@aws-sdk/client-s3"));

export class S3Store implements ObjectStore {
  readonly url: string;
  private readonly config: S3ClientConfig;
  private clientPromise?: Promise<S3Client>;
  private readonly endpoint?: string;
  private readonly listPageSize?: number;
  private readonly maxAttempts: number;

  constructor(
    readonly location: S3Location,
    options: S3StoreOptions = {},
  ) {
    this.url = `s3://${location.bucket}${location.prefix ? `/${location.prefix.replace(/\/$/, "")}` : ""}`;
    this.endpoint = options.endpoint;
    this.listPageSize = options.listPageSize;
    this.maxAttempts = options.maxAttempts ?? 4;
    const checksums = options.checksums ?? (options.endpoint ? "WHEN_REQUIRED" : undefined);
    const config: S3ClientConfig = {
      endpoint: options.endpoint,
      region: options.region ?? (options.endpoint ? "us-east-1" : undefined),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: options.credentials,
      maxAttempts: this.maxAttempts,
      retryMode: "standard",
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 30_000,
        // Without it the handler only logs a warning when requestTimeout passes and the request hangs on.
        throwOnRequestTimeout: true,
      },
    };
    if (checksums) {
      config.requestChecksumCalculation = checksums;
      config.responseChecksumValidation = checksums;
    }
    this.config = config;
  }

  /** The SDK client, created on first use. */
  client(): Promise<S3Client> {
    return (this.clientPromise ??= loadS3Sdk().then((sdk) => new sdk.S3Client(this.config)));
  }

  close(): void {
    const pending = this.clientPromise;
    this.clientPromise = undefined;
    void pending?.then((c) => c.destroy(), () => undefined);
  }

  async get(key: string, options?: { ifNoneMatch?: string }): Promise<StoredObject | null | "not-modified"> {
    const [client, sdk] = await Promise.all([this.client(), loadS3Sdk()]);
    // The SDK retries a request that fails before its response arrives, but not a body cut off midway (a
    // connection reset, a proxy timeout): that surfaced as a store failure. A GET is idempotent, so the whole
    // request is tried again, with the same attempts and backoff as the SDK's own retries.
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await client.send(
          new sdk.GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(key), IfNoneMatch: options?.ifNoneMatch }),
        );
      } catch (err) {
        const status = statusOf(err);
        // The SDK reports 304 as an error whose name varies by version; the status is what is reliable.
        if (status === 304) return "not-modified";
        if (status === 404 && nameOf(err) !== "NoSuchBucket") return null;
        throw this.failure("read", key, err);
      }
      try {
        const body = Buffer.from(await res.Body!.transformToByteArray());
        if (res.ContentLength !== undefined && body.byteLength !== res.ContentLength) {
          throw Object.assign(new Error(`body ended after ${body.byteLength} of ${res.ContentLength} bytes`), { code: "ETRUNCATED" });
        }
        return { body, etag: res.ETag ?? md5Etag(body) };
      } catch (err) {
        if (attempt >= this.maxAttempts) {
          throw this.failure("read", key, Object.assign(err as object, { $metadata: { attempts: attempt } }));
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  async put(key: string, body: Buffer, condition?: PutCondition): Promise<{ etag: string }> {
    const [client, sdk] = await Promise.all([this.client(), loadS3Sdk()]);
    try {
      const res = await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.keyOf(key),
          Body: body,
          ContentType: key.endsWith(".json") ? "application/json" : "application/octet-stream",
          IfMatch: condition?.ifMatch,
          IfNoneMatch: condition?.ifNoneMatch,
        }),
      );
      return { etag: res.ETag ?? md5Etag(body) };
    } catch (err) {
      const status = statusOf(err);
      // 412: the condition failed. 409 ConditionalRequestConflict: a concurrent conditional write won.
      // 404 on If-Match: the object we expected is gone, which is also a lost race.
      if (
        (condition?.ifMatch !== undefined || condition?.ifNoneMatch !== undefined) &&
        (status === 412 || status === 409 || (status === 404 && condition.ifMatch !== undefined && nameOf(err) !== "NoSuchBucket"))
      ) {
        throw new ConflictError(
          condition.ifNoneMatch === "*"
            ? `${key} already exists in ${this.url}`
            : `${key} in ${this.url} changed since it was read`,
        );
      }
      throw this.failure("write", key, err);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    const [client, sdk] = await Promise.all([this.client(), loadS3Sdk()]);
    try {
      do {
        const res = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: this.keyOf(prefix),
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
        );
        for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.location.prefix.length));
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw this.failure("list", prefix || "/", err);
    }
    return keys.sort();
  }

  private keyOf(key: string): string {
    return this.location.prefix + key;
  }

  private failure(op: "read" | "write" | "list", key: string, err: unknown): StoreError {
    const status = statusOf(err);
    const name = nameOf(err);
    const attempts = (err as { $metadata?: { attempts?: number } })?.$metadata?.attempts;
    const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
    const target = `${op} ${key} in ${this.url}`;
    const via = this.endpoint ? ` (endpoint ${this.endpoint})` : "";
    const opts = { cause: err };
    if (status === 401 || status === 403 || name === "AccessDenied" || name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch") {
      return new StoreError(
        `access denied: cannot ${target}${via} (HTTP ${status ?? "?"} ${name})`,
        "check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID) and that they may read, write and list the bucket",
        "E_STORE_DENIED",
        opts,
      );
    }
    if (name === "NoSuchBucket") {
      return new StoreError(
        `bucket ${this.location.bucket} does not exist: cannot ${target}${via}`,
        "check the --store URL, and --endpoint / region for S3-compatible stores",
        "E_STORE_NOT_FOUND",
        opts,
      );
    }
    if (status !== undefined && status >= 500) {
      return new StoreError(
        `the store failed: cannot ${target}${via}: HTTP ${status}${tries}`,
        "the server is failing or overloaded; retry later, and check the endpoint is an S3 API",
        "E_STORE_UNAVAILABLE",
        opts,
      );
    }
    if (status === 429 || name === "SlowDown" || name === "ThrottlingException") {
      return new StoreError(`the store is throttling requests: cannot ${target}${via}${tries}`, "retry later", "E_STORE_THROTTLED", opts);
    }
    if (name === "CredentialsProviderError" || /credential/i.test(messageOf(err))) {
      return new StoreError(
        `no usable AWS credentials to ${target}: ${messageOf(err)}`,
        "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance/task role is available",
        "E_STORE_CREDENTIALS",
        opts,
      );
    }
    if (/region is missing/i.test(messageOf(err))) {
      return new StoreError(`no AWS region for ${this.url}`, "set AWS_REGION", "E_STORE_CONFIG", opts);
    }
    if (status === undefined) {
      const code = networkCode(err);
      return new StoreError(
        `cannot reach ${this.endpoint ?? "S3"} to ${target}: ${code}${tries}`,
        this.endpoint
          ? "check that the endpoint (--endpoint / FLAGCTL_S3_ENDPOINT) is right and the server is running"
          : "check the network, proxy settings and AWS_REGION",
        "E_STORE_UNREACHABLE",
        opts,
      );
    }
    return new StoreError(`cannot ${target}${via}: HTTP ${status} ${name}: ${messageOf(err)}`, undefined, "E_STORE", opts);
  }
}

/** Parses "s3://bucket/some/prefix" into its bucket and "some/prefix/"; null when it is not one. */
export function parseS3Url(url: string): S3Location | null {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!m) return null;
  const prefix = (m[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: m[1], prefix: prefix ? `${prefix}/` : "" };
}

/** The SDK's standard retry backoff: full jitter over 100 ms * 2^(attempt-1), at most 20 s. */
function retryDelayMs(attempt: number): number {
  return Math.random() * Math.min(20_000, 100 * 2 ** (attempt - 1));
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function md5Etag(body: Buffer): string {
  return `"${createHash("md5").update(body).digest("hex")}"`;
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function nameOf(err: unknown): string {
  return (err as { name?: string; Code?: string })?.Code ?? (err as { name?: string })?.name ?? "Error";
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function networkCode(err: unknown): string {
  // Node puts the socket error's code on the error or its cause; a timeout is a TimeoutError.
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const { code, name } = e as { code?: string; name?: string };
    if (code) return code;
    if (name === "TimeoutError") return "timed out";
    e = (e as { cause?: unknown }).cause;
  }
  return messageOf(err);
}
