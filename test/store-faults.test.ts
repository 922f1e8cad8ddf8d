// Store failures surface as typed errors with a clear message, after bounded retries, and change nothing;
// a store that ignores conditional writes is detected. Real s3rver unless a test says otherwise.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStoreOptions, openStoreFromOptions, resolveStoreUrl } from "../src/cli/storeOptions.js";
import { StoreError, UsageError } from "../src/errors.js";
import { FileStore, readHistory, openStore, readPointer, writePointer, ensureConditionalWrites, probeConditionalWrites, putRelease, listReleases, S3Store, type S3StoreOptions, type ObjectStore, NoCasError } from "../src/store/index.js";
import { closedPort, startFailingServer, startS3Server, type S3TestServer } from "./helpers/s3server.js";

let s3: S3TestServer;
let tmp: string;
beforeAll(async () => {
  s3 = await startS3Server();
  tmp = await mkdtemp(path.join(os.tmpdir(), "flagctl-faults-"));
});
afterAll(async () => {
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const state = { stable: "v20261121.120000-0000001", candidate: null, percent: 0, updatedAt: "2026-11-21T00:00:00.000Z", by: "t", reason: "r" };
const release = [
  { path: "envs/prod.json", body: Buffer.from("{}") },
  { path: "manifest.json", body: Buffer.from('{"v":1}') },
];

async function failure(p: Promise<unknown>): Promise<StoreError> {
  const err = await p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

function fakeS3(endpoint: string, extra: Partial<S3StoreOptions> = {}): S3Store {
  return new S3Store({ bucket: "flags", prefix: "web/" }, { ...s3.s3Options(), endpoint, maxAttempts: 3, ...extra });
}

describe("an unreachable store", () => {
  it("fails every operation with E_STORE_UNREACHABLE naming the store and endpoint, after bounded retries", async () => {
    const port = await closedPort();
    const store = fakeS3(`http://127.0.0.1:${port}`);
    const started = Date.now();
    for (const op of [() => store.get("envs/prod/pointer.json"), () => store.put("k", Buffer.from("x")), () => store.list("releases/")]) {
      const err = await failure(op());
      expect(err.code).toBe("E_STORE_UNREACHABLE");
      expect(err.exitCode).toBe(3);
      expect(err.message).toContain("s3://flags/web");
      expect(err.message).toContain(`http://127.0.0.1:${port}`);
      expect(err.message).toContain("ECONNREFUSED after 3 attempts");
      expect(err.hint).toContain("FLAGCTL_S3_ENDPOINT");
      expect(err.message).not.toMatch(/\n\s+at /);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("a store that answers 500 (a fault s3rver cannot produce: a plain loopback HTTP server)", () => {
  it("retries a bounded number of times, then fails with E_STORE_UNAVAILABLE", async () => {
    const failing = await startFailingServer(500);
    try {
      const store = fakeS3(failing.endpoint);
      const err = await failure(store.get("envs/prod/pointer.json"));
      expect(err.code).toBe("E_STORE_UNAVAILABLE");
      expect(err.exitCode).toBe(3);
      expect(err.message).toBe(
        `the store failed: cannot read envs/prod/pointer.json in s3://flags/web (endpoint ${failing.endpoint}): HTTP 500 after 3 attempts`,
      );
      expect(failing.requests()).toBe(3);
      const put = await failure(writePointer(store, "prod", null, state));
      expect(put.code).toBe("E_STORE_UNAVAILABLE");
      expect(failing.requests()).toBe(6);
    } finally {
      await failing.stop();
    }
  });

  it("changes nothing when writes fail: pointer, history and releases stay as they were", async () => {
    // Reads pass through to s3rver (via the CAS proxy); every PUT gets a 500.
    const target = new URL(s3.endpoint);
    const proxy = http.createServer((req, res) => {
      if (req.method === "PUT") {
        req.resume();
        req.on("end", () => res.writeHead(500).end("write failed"));
        return;
      }
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const location = { bucket: s3.bucket, prefix: "nothing-changed/" };
      const good = new S3Store(location, s3.s3Options());
      await writePointer(good, "prod", null, state);
      const before = await readPointer(good, "prod");
      const bad = new S3Store(location, { ...s3.s3Options(), endpoint: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, maxAttempts: 2 });
      expect((await readPointer(bad, "prod")).pointer).toEqual(before.pointer);
      const err = await failure(writePointer(bad, "prod", { seq: 1, etag: before.etag! }, { ...state, candidate: "v20261121.120000-0000002", percent: 5 }));
      expect(err.code).toBe("E_STORE_UNAVAILABLE");
      expect(await failure(putRelease(bad, "v20261121.120000-0000002", release))).toMatchObject({ exitCode: 3 });
      expect(await readPointer(good, "prod")).toEqual(before);
      expect(await readHistory(good, "prod")).toHaveLength(1);
      expect(await listReleases(good)).toEqual([]);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});

describe("S3 errors from a real server", () => {
  it("maps bad credentials to E_STORE_DENIED and a missing bucket to E_STORE_NOT_FOUND", async () => {
    const denied = new S3Store({ bucket: s3.bucket, prefix: "" }, { ...s3.s3Options(), credentials: { accessKeyId: "WRONG", secretAccessKey: "nope" } });
    const err = await failure(denied.get("k"));
    expect(err.code).toBe("E_STORE_DENIED");
    expect(err.hint).toContain("AWS_PROFILE");
    const missing = new S3Store({ bucket: "no-such-bucket", prefix: "" }, s3.s3Options());
    expect((await failure(missing.get("k"))).code).toBe("E_STORE_NOT_FOUND");
    expect((await failure(missing.list(""))).code).toBe("E_STORE_NOT_FOUND");
  });
});

describe("the conditional-write probe", () => {
  it("detects s3rver itself, which ignores If-Match and If-None-Match on PUT", async () => {
    const raw = new S3Store({ bucket: s3.bucket, prefix: "raw/" }, s3.s3Options(true));
    const err = await probeConditionalWrites(raw).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoCasError);
    expect((err as NoCasError).exitCode).toBe(3);
    expect((err as NoCasError).code).toBe("E_STORE_NO_CAS");
    expect((err as NoCasError).message).toContain("If-Match and If-None-Match: *");
    expect((err as NoCasError).hint).toContain("--unsafe-no-cas");
  });

  it("passes on stores that honour conditions: the proxied s3rver and file://", async () => {
    await probeConditionalWrites(new S3Store({ bucket: s3.bucket, prefix: "proxied/" }, s3.s3Options()));
    await probeConditionalWrites(new FileStore(path.join(tmp, "probe")));
  });

  it("makes writePointer refuse a store without conditional writes unless opened with unsafeNoCas", async () => {
    const env = { ...s3.env, FLAGCTL_S3_ENDPOINT: s3.rawEndpoint };
    const url = s3.storeUrl("unsafe");
    const safe = openStore(url, { env });
    await expect(writePointer(safe, "prod", null, state)).rejects.toBeInstanceOf(NoCasError);
    expect((await readPointer(safe, "prod")).pointer).toBeNull();
    const unsafe = openStore(url, { env, unsafeNoCas: true });
    expect((await writePointer(unsafe, "prod", null, state)).seq).toBe(1);
  });

  it("runs once per store object", async () => {
    const inner = new FileStore(path.join(tmp, "once"));
    const puts: string[] = [];
    const store: ObjectStore = { url: inner.url, get: (k, o) => inner.get(k, o), list: (p) => inner.list(p), put: (k, b, c) => (puts.push(k), inner.put(k, b, c)) };
    await ensureConditionalWrites(store);
    await ensureConditionalWrites(store);
    await writePointer(store, "dev", null, state);
    expect(puts.filter((k) => k === ".flagctl/cas-probe")).toHaveLength(3);
  });
});

describe("opening stores from URLs and options", () => {
  it("opens file:// relative to the given directory and s3:// with FLAGCTL_S3_* settings", () => {
    const f = openStore("file://./store", { cwd: tmp });
    expect(f).toBeInstanceOf(FileStore);
    expect(f.url).toBe(`file://${path.join(tmp, "store")}`);
    expect(openStore(`file://${tmp}/abs`).url).toBe(`file://${tmp}/abs`);
    const s = openStore("s3://bucket/a/b/", { env: { FLAGCTL_S3_ENDPOINT: "http://127.0.0.1:9" } });
    expect(s).toBeInstanceOf(S3Store);
    expect(s.url).toBe("s3://bucket/a/b");
    expect((s as S3Store).location).toEqual({ bucket: "bucket", prefix: "a/b/" });
    expect(openStore("s3://bucket", { env: {} }).url).toBe("s3://bucket");
  });

  it("refuses unknown schemes and bad settings with UsageError (exit 2)", () => {
    for (const [url, env] of [
      ["./store", {}],
      ["gs://bucket", {}],
      ["file://", {}],
      ["s3://", {}],
      ["s3://b", { FLAGCTL_S3_ENDPOINT: "localhost:9000" }],
      ["s3://b", { FLAGCTL_S3_CHECKSUMS: "sometimes" }],
      ["s3://b", { FLAGCTL_S3_MAX_ATTEMPTS: "0" }],
    ] as const) {
      expect(() => openStore(url, { env }), url).toThrow(UsageError);
    }
  });

  it("parses --store, --endpoint and --unsafe-no-cas, falling back to flagctl.yaml's store", async () => {
    let seen: Record<string, unknown> = {};
    const program = new Command().exitOverride();
    addStoreOptions(program.command("publish"), { writes: true }).action((opts: Record<string, unknown>) => {
      seen = opts;
    });
    await program.parseAsync(["publish", "--store", "file://./s", "--endpoint", "http://127.0.0.1:1", "--unsafe-no-cas"], { from: "user" });
    expect(seen).toEqual({ store: "file://./s", endpoint: "http://127.0.0.1:1", unsafeNoCas: true });
    // A command that only reads the store has no use for --unsafe-no-cas.
    const reader = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    addStoreOptions(reader.command("status")).action(() => undefined);
    await expect(reader.parseAsync(["status", "--unsafe-no-cas"], { from: "user" })).rejects.toThrow(/unknown option '--unsafe-no-cas'/);

    const ctx = { cwd: "/work", env: {}, projectStore: "file://./flags-store", projectDir: "/repo" };
    expect(resolveStoreUrl({ store: "s3://b/p" }, ctx)).toEqual({ url: "s3://b/p", base: "/work" });
    expect(resolveStoreUrl({}, ctx)).toEqual({ url: "file://./flags-store", base: "/repo" });
    expect(openStoreFromOptions({}, ctx).url).toBe("file:///repo/flags-store");
    expect(() => resolveStoreUrl({}, { cwd: "/work", env: {} })).toThrow(UsageError);
  });
});
