// A real S3 protocol server for tests: s3rver in a child process on a free loopback port, with a temp dir
// and one bucket, fronted by a conditional-write proxy (see s3serverChild.mjs). Both run in the child so a
// test may block its own event loop (spawnSync of the CLI) without stalling the server.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { S3StoreOptions } from "../../src/store/index.js";

// The SDK warns on stderr under Node 20; in-process test clients should not.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "s3serverChild.mjs");

export const TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface S3TestServer {
  /** The conditional-write proxy in front of s3rver: use this one unless testing the probe. */
  endpoint: string;
  /** s3rver itself, which accepts If-Match / If-None-Match on PUT and ignores them. */
  rawEndpoint: string;
  bucket: string;
  /** s3rver's data directory. */
  dir: string;
  /** For child processes (the CLI): fake credentials, region, endpoint, no Node 20 SDK warning. */
  env: Record<string, string>;
  /** S3Store options for an in-process client of the proxy (or of raw s3rver). */
  s3Options(raw?: boolean): S3StoreOptions;
  /** s3://<bucket>/<prefix>. */
  storeUrl(prefix?: string): string;
  stop(): Promise<void>;
}

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? "flagctl-test";
  const dir = await mkdtemp(path.join(os.tmpdir(), "flagctl-s3rver-"));
  const child: ChildProcess = spawn(process.execPath, ["--openssl-legacy-provider", CHILD, dir, bucket], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  let stderr = "";
  // s3rver runs silent: anything on its stderr is a crash or a bug worth seeing in the test output.
  child.stderr!.on("data", (d) => {
    stderr += String(d);
    process.stderr.write(`[s3rver child] ${String(d)}`);
  });
  const ports = await new Promise<{ rawPort: number; casPort: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line) as { rawPort: number; casPort: number }));
    child.once("exit", (code) => reject(new Error(`s3rver child exited (${code}): ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${ports.casPort}`;
  const rawEndpoint = `http://127.0.0.1:${ports.rawPort}`;
  return {
    endpoint,
    rawEndpoint,
    bucket,
    dir,
    env: {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: "us-east-1",
      FLAGCTL_S3_ENDPOINT: endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    s3Options: (raw = false) => ({
      endpoint: raw ? rawEndpoint : endpoint,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      checksums: "WHEN_REQUIRED",
    }),
    storeUrl: (prefix = "") => `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.stdin!.end();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A loopback HTTP server that answers every request with `status` (default 500) and counts requests: a
 * failing store, a fault s3rver cannot produce. In-process, so callers must not block the event loop
 * while using it (spawn the CLI asynchronously).
 */
export async function startFailingServer(status = 500): Promise<{ endpoint: string; requests(): number; stop(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "text/plain" }).end("internal failure"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => count,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** A loopback port with nothing listening: take a free port and close it. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
