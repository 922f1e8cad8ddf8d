// Adapter: does a URL (http, https or s3://) name something that exists? One HEAD with a timeout and one
// retry for answers that may be passing (network error, timeout, 5xx, 429); a 4xx is final.
import type { S3Client } from "@aws-sdk/client-s3";
import { s3OptionsFromEnv } from "../store/openStore.js";
import { loadS3Sdk, S3Store } from "../store/s3Store.js";

export interface UrlCheckOptions {
  /** Per attempt, in milliseconds (default 5000). */
  timeoutMs?: number;
  /** Pause before the retry (default 250 ms). */
  retryDelayMs?: number;
  /** Where the FLAGCTL_S3_* / AWS_* settings for s3:// come from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export type UrlCheckResult = { ok: true; detail: string } | { ok: false; detail: string };

type Attempt = { ok: boolean; detail: string; retry: boolean };

export class UrlChecker {
  private s3?: Promise<S3Client>;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;

  constructor(private readonly opts: UrlCheckOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
  }

  async check(url: string): Promise<UrlCheckResult> {
    let attempt: (u: string) => Promise<Attempt>;
    if (/^https?:\/\//i.test(url)) attempt = (u) => this.http(u);
    else if (/^s3:\/\//i.test(url)) attempt = (u) => this.head(u);
    else return { ok: false, detail: "not an http://, https:// or s3:// URL" };
    let r = await attempt(url);
    if (!r.ok && r.retry) {
      await new Promise((res) => setTimeout(res, this.retryDelayMs));
      const first = r.detail;
      r = await attempt(url);
      if (!r.ok) r = { ...r, detail: `${r.detail} (also on the first try: ${first})` };
    }
    return { ok: r.ok, detail: r.detail };
  }

  private async http(url: string): Promise<Attempt> {
    const once = async (method: "HEAD" | "GET"): Promise<Attempt> => {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
      try {
        const res = await fetch(url, { method, redirect: "manual", signal: ctl.signal });
        await res.body?.cancel();
        const s = res.status;
        return { ok: s >= 200 && s < 400, detail: `HTTP ${s}`, retry: s >= 500 || s === 429 };
      } catch (err) {
        if (ctl.signal.aborted) return { ok: false, detail: `no answer within ${this.timeoutMs} ms`, retry: true };
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        return { ok: false, detail: `cannot reach: ${cause?.code ?? cause?.message ?? (err as Error).message}`, retry: true };
      } finally {
        clearTimeout(timer);
      }
    };
    const r = await once("HEAD");
    // Some servers refuse HEAD; a GET (body discarded) asks the same question.
    if (r.detail === "HTTP 405" || r.detail === "HTTP 501") return once("GET");
    return r;
  }

  private async head(url: string): Promise<Attempt> {
    const m = /^s3:\/\/([^/]+)\/(.+)$/i.exec(url);
    if (!m) return { ok: false, detail: "an s3:// URL needs a bucket and a key (s3://bucket/key)", retry: false };
    this.s3 ??= new S3Store({ bucket: m[1], prefix: "" }, { ...s3OptionsFromEnv(this.opts.env ?? process.env), maxAttempts: 1, requestTimeoutMs: this.timeoutMs, connectTimeoutMs: this.timeoutMs }).client();
    const [client, { HeadObjectCommand }] = await Promise.all([this.s3, loadS3Sdk()]);
    try {
      await client.send(new HeadObjectCommand({ Bucket: m[1], Key: decodeURIComponent(m[2]) }), { abortSignal: AbortSignal.timeout(this.timeoutMs) });
      return { ok: true, detail: "object exists", retry: false };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const name = (err as Error).name;
      if (status === 404 || name === "NotFound" || name === "NoSuchKey" || name === "NoSuchBucket") return { ok: false, detail: "no such object", retry: false };
      if (status === 403) return { ok: false, detail: "access denied (HTTP 403): check the AWS credentials in use", retry: false };
      if (status !== undefined) return { ok: false, detail: `S3 answered HTTP ${status}`, retry: status >= 500 || status === 429 };
      return { ok: false, detail: `cannot reach S3: ${(err as Error).message}`, retry: true };
    }
  }
}
