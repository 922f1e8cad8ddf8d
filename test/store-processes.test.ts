// Store guarantees across separate OS processes: file:// compare-and-swap between 20 processes, and a
// publisher killed mid-upload on both backends. Workers run test/fixtures/storeWorker.mjs against dist/.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore, readHistory, historyKey, readPointer, writePointer, putRelease, getReleaseFile, listReleases, S3Store, type ObjectStore } from "../src/store/index.js";
import { ROOT, requireFreshDist } from "./helpers/dist.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";

const WORKER = path.join(ROOT, "test/fixtures/storeWorker.mjs");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function worker(args: string[], env: NodeJS.ProcessEnv = {}, onReady?: () => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
      if (onReady && stdout.startsWith("ready\n")) {
        const f = onReady;
        onReady = undefined;
        f();
      }
    });
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let tmp: string;
let s3: S3TestServer;
beforeAll(async () => {
  requireFreshDist();
  tmp = await mkdtemp(path.join(os.tmpdir(), "flagctl-procs-"));
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const base = { stable: "v20261121.120000-0000001", candidate: null, percent: 0, updatedAt: "2026-11-21T00:00:00.000Z", by: "setup", reason: "init" };

describe("file:// compare-and-swap across processes", () => {
  it("20 processes writing the same pointer state: exactly one wins, the rest exit 4, history is whole", async () => {
    const dir = path.join(tmp, "race");
    const url = `file://${dir}`;
    const store = new FileStore(dir);
    await writePointer(store, "prod", null, base);
    const { etag } = await readPointer(store, "prod");
    const go = path.join(tmp, "race-go");
    let ready = 0;
    let release!: () => void;
    const allReady = new Promise<void>((r) => (release = r));
    const runs = Array.from({ length: 20 }, (_, i) =>
      worker(["pointer", url, "prod", "1", etag!, `w${i}`, go], {}, () => {
        if (++ready === 20) release();
      }),
    );
    await allReady;
    await writeFile(go, "");
    const results = await Promise.all(runs);
    const winners = results.filter((r) => r.code === 0);
    const losers = results.filter((r) => r.code !== 0);
    expect(winners, results.map((r) => r.stderr).join("")).toHaveLength(1);
    expect(losers.map((r) => r.code)).toEqual(Array(19).fill(4));
    for (const r of losers) expect(r.stderr).toMatch(/^E_CONFLICT: the pointer of prod in file:\/\/.* changed since it was read/);
    const winner = JSON.parse(winners[0].stdout.split("\n")[1]);
    expect((await readPointer(store, "prod")).pointer).toEqual(winner);
    expect(await store.list("envs/prod/history/")).toEqual([historyKey("prod", 1), historyKey("prod", 2)]);
    expect((await readHistory(store, "prod")).map((p) => p.by)).toEqual([winner.by, "setup"]);
    // No lock or temp file is left behind.
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(path.join(dir, "envs/prod"))).sort()).toEqual(["history", "pointer.json"]);
  }, 60_000);
});

const V = "v20261121.120000-abc1234";
const files = [
  { path: "envs/dev.json", body: '{"env":"dev"}\n' },
  { path: "envs/prod.json", body: '{"env":"prod"}\n' },
  { path: "manifest.sig", body: "signature" },
  { path: "manifest.json", body: `{"version":"${V}"}\n` },
];

describe.each([
  { name: "file", open: (id: string) => ({ url: `file://${path.join(tmp, id)}`, env: {}, store: (): ObjectStore => new FileStore(path.join(tmp, id)) }) },
  {
    name: "s3",
    open: (id: string) => ({
      url: s3.storeUrl(id),
      env: s3.env,
      store: (): ObjectStore => new S3Store({ bucket: s3.bucket, prefix: `${id}/` }, s3.s3Options()),
    }),
  },
])("$name store: a publisher killed mid-upload", ({ open }) => {
  it("leaves no visible release, and a retry completes it", async () => {
    const { url, env, store: openIt } = open(`crash-${Math.random().toString(16).slice(2)}`);
    const filesJson = path.join(tmp, `files-${Math.random().toString(16).slice(2)}.json`);
    await writeFile(filesJson, JSON.stringify(files));
    const run = await worker(["crash-upload", url, V, filesJson], env);
    expect(run.signal, run.stderr).toBe("SIGKILL");
    const store = openIt();
    // The env files made it; the release does not exist.
    expect((await getReleaseFile(store, V, "envs/prod.json"))?.toString()).toBe('{"env":"prod"}\n');
    expect(await getReleaseFile(store, V, "manifest.json")).toBeNull();
    expect(await listReleases(store)).toEqual([]);
    const retry = await putRelease(store, V, files.map((f) => ({ path: f.path, body: Buffer.from(f.body) })));
    expect(retry.unchanged).toEqual(["envs/dev.json", "envs/prod.json"]);
    expect(retry.uploaded).toEqual(["manifest.sig", "manifest.json"]);
    expect(await listReleases(store)).toEqual([V]);
  }, 60_000);
});
