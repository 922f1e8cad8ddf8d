// The fetch loop and the SDK client against real stores: file:// and s3:// (the suite's s3rver). Polls are
// driven with pollNow() (poll interval 1 h), so nothing depends on timing.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Client, type RejectedEvent } from "../src/sdk/index.js";
import { FileStore, S3Store, releaseKey, pointerKey, type ObjectStore } from "../src/store/index.js";
import { useBackends } from "./helpers/backends.js";
import { buildRelease, flag, point, publish } from "./helpers/runtimeFixture.js";

const { backends } = useBackends();
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const HOUR = 3_600_000;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "flagctl-sdk-"));
/** A pointer file written by hand (as an operator restoring a backup would), at any seq. */
const rawPointer = (seq: number, stable: string) => Buffer.from(JSON.stringify({ seq, stable, candidate: null, percent: 0, updatedAt: "2026-11-21T00:00:00Z", by: "t", reason: "t" }));

const relFiles = (n: number) => ({
  "flags/checkout/new-flow.yaml": flag(`    rules:\n      - if: { team: T1 }\n        serve: true\n    serve: ${n % 2 === 0 ? "false" : "true"}\n`),
  "flags/search/limit.yaml": flag(`    ${n * 10}\n`, { type: "number", dflt: "0" }),
});

function client(store: ObjectStore | string, extra: Record<string, unknown> = {}): Client {
  const c = createClient({ store, env: "prod", host: "web-1", poll: HOUR, initTimeout: 20_000, ...extra });
  clients.push(c);
  return c;
}

function events(c: Client) {
  const seen = { rejected: [] as RejectedEvent[], stale: 0, recovered: 0, changed: [] as unknown[] };
  c.on("rejected", (e) => seen.rejected.push(e));
  c.on("stale", () => seen.stale++);
  c.on("recovered", () => seen.recovered++);
  c.on("changed", (e) => seen.changed.push(e));
  return seen;
}

async function deleteKey(store: ObjectStore, key: string): Promise<void> {
  if (store instanceof FileStore) return rmSync(path.join(store.root, ...key.split("/")));
  const s3 = store as S3Store;
  const sdk = await import("@aws-sdk/client-s3");
  await (await s3.client()).send(new sdk.DeleteObjectCommand({ Bucket: s3.location.bucket, Key: s3.location.prefix + key }));
}

describe.each(backends)("fetch loop on $name", (backend) => {
  it("loads the stable release, follows the pointer, reports changed flags", async () => {
    const { store, again } = await backend.fresh();
    const a = buildRelease(relFiles(1), 1);
    const b = buildRelease(relFiles(2), 2, { parent: a });
    await publish(store, a);
    await publish(store, b);
    await point(store, "prod", { stable: a.version });
    const c = client(again());
    const seen = events(c);
    expect(await c.ready()).toBe(true);
    expect(c.boolean("checkout.new-flow", { team: "T2" }, false)).toBe(true);
    expect(c.number("search.limit", {}, -1)).toBe(10);
    expect(c.detail("checkout.new-flow", { team: "T1" }, false)).toMatchObject({ value: true, reason: "RULE_MATCH", version: a.version, variation: "true" });
    expect(c.status).toMatchObject({ env: "prod", host: "web-1", state: "ready", source: "store", release: { version: a.version, seq: 1, track: "stable" }, lastError: null, consecutiveFailures: 0 });

    await point(store, "prod", { stable: b.version });
    // Polls asked for at once run one after another, never interleaved.
    await Promise.all([c.loop.pollNow(), c.loop.pollNow(), c.loop.pollNow()]);
    expect(c.version).toBe(b.version);
    expect(c.boolean("checkout.new-flow", { team: "T2" }, true)).toBe(false);
    expect(seen.changed).toEqual([{ from: a.version, to: b.version, flagsChanged: ["checkout.new-flow", "search.limit"] }]);
    expect(c.status.release).toEqual({ version: b.version, seq: 2, track: "stable" });
  });

  it("keeps the last good release through store content faults, and reports each", async () => {
    const { store, again } = await backend.fresh();
    const a = buildRelease(relFiles(1), 1);
    await publish(store, a);
    await point(store, "prod", { stable: a.version });
    const c = client(again());
    const seen = events(c);
    await c.ready();
    const serving = () => {
      expect(c.version).toBe(a.version);
      expect(c.number("search.limit", {}, -1)).toBe(10);
    };

    // A garbage pointer.
    await store.put(pointerKey("prod"), Buffer.from("{ not json"));
    await c.loop.pollNow();
    serving();
    expect(c.status.lastError?.code).toBe("E_STORE_CORRUPT");

    // A pointer with a lower seq than the one applied (1): seq 1 is applied, so write seq 0... not valid; use
    // a pointer at seq 5, then one at seq 3.
    await store.put(pointerKey("prod"), rawPointer(5, a.version));
    await c.loop.pollNow();
    expect(c.status.lastError).toBeNull();
    expect(c.status.release?.seq).toBe(5);
    const b = buildRelease(relFiles(2), 2);
    await publish(store, b);
    await store.put(pointerKey("prod"), rawPointer(3, b.version));
    await c.loop.pollNow();
    serving();
    expect(c.status.lastError?.code).toBe("E_POINTER_BACKWARDS");

    // Deleted release objects: the env file of the release the pointer names.
    await deleteKey(store, releaseKey(b.version, "envs/prod.json"));
    await store.put(pointerKey("prod"), rawPointer(6, b.version));
    await c.loop.pollNow();
    serving();
    expect(seen.rejected.at(-1)).toMatchObject({ version: b.version, code: "E_TAMPERED" });
    expect(c.status.pointer?.stable).toBe(b.version);
    expect(c.status.lastError?.code).toBe("E_TAMPERED");

    // A deleted manifest (a release never seen before, so nothing cached).
    const gone = buildRelease(relFiles(3), 3);
    await publish(store, gone);
    await deleteKey(store, releaseKey(gone.version, "manifest.json"));
    await store.put(pointerKey("prod"), rawPointer(6, gone.version));
    await c.loop.pollNow();
    serving();
    expect(seen.rejected.at(-1)).toMatchObject({ version: gone.version, code: "E_NO_SUCH_RELEASE" });
    await store.put(pointerKey("prod"), rawPointer(6, b.version));
    await c.loop.pollNow();

    // An env file whose sha256 does not match the manifest (same size, one byte changed).
    const good = b.envs.prod;
    const bad = Buffer.from(good);
    bad[bad.length - 2] ^= 1;
    await store.put(releaseKey(b.version, "envs/prod.json"), bad);
    await c.loop.pollNow();
    serving();
    expect(seen.rejected.at(-1)?.reason).toMatch(/does not match the manifest/);
    expect(c.status.state).toBe("stale");
    expect(seen.stale).toBe(1);

    // Repaired: the target runs, lastError clears, recovered fires.
    await store.put(releaseKey(b.version, "envs/prod.json"), good);
    await c.loop.pollNow();
    expect(c.version).toBe(b.version);
    expect(c.status).toMatchObject({ state: "ready", lastError: null, consecutiveFailures: 0 });
    expect(seen.recovered).toBe(1);
  });

  it("refuses a release signed by an unknown key, or unsigned when keys are configured", async () => {
    const { store, again } = await backend.fresh();
    const mine = generateKeyPairSync("ed25519");
    const other = generateKeyPairSync("ed25519");
    const pem = mine.publicKey.export({ type: "spki", format: "pem" }).toString();
    const a = buildRelease(relFiles(1), 1, { signKey: mine.privateKey });
    const foreign = buildRelease(relFiles(2), 2, { signKey: other.privateKey });
    const unsigned = buildRelease(relFiles(3), 3);
    for (const r of [a, foreign, unsigned]) await publish(store, r);
    await point(store, "prod", { stable: a.version });
    const c = client(again(), { verifyKeys: [pem] });
    const seen = events(c);
    expect(await c.ready()).toBe(true);
    expect(c.version).toBe(a.version);

    await point(store, "prod", { stable: foreign.version });
    await c.loop.pollNow();
    expect(c.version).toBe(a.version);
    expect(seen.rejected.at(-1)).toMatchObject({ version: foreign.version, code: "E_BAD_SIGNATURE" });

    await point(store, "prod", { stable: unsigned.version });
    await c.loop.pollNow();
    expect(c.version).toBe(a.version);
    expect(seen.rejected.at(-1)).toMatchObject({ version: unsigned.version, code: "E_UNSIGNED" });
    expect(c.status.lastError?.code).toBe("E_UNSIGNED");
  });

  it("chooses its track by bucket: a host inside the candidate's share runs the candidate", async () => {
    const { store, again } = await backend.fresh();
    const a = buildRelease(relFiles(1), 1);
    const b = buildRelease(relFiles(2), 2);
    await publish(store, a);
    await publish(store, b);
    await point(store, "prod", { stable: a.version, candidate: b.version, percent: 50 });
    const { bucket } = await import("../src/core/index.js");
    const hosts = ["web-1", "web-2", "web-3", "web-4", "web-5", "web-6"];
    const cs = hosts.map((host) => client(again(), { host }));
    await Promise.all(cs.map((c) => c.ready()));
    for (const [i, c] of cs.entries()) {
      const want = bucket(`release:${b.version}`, hosts[i]) < 50_000 ? b.version : a.version;
      expect(c.version).toBe(want);
      expect(c.status.release?.track).toBe(want === b.version ? "candidate" : "stable");
    }
  });

  /** A store with one release at prod's stable, served once by a client that kept it in a cache dir. */
  async function servedOnceWithCache() {
    const { store, again } = await backend.fresh();
    const cacheDir = tmp();
    const a = buildRelease(relFiles(1), 1);
    await publish(store, a);
    await point(store, "prod", { stable: a.version });
    const first = client(again(), { cacheDir });
    await first.ready();
    await first.close();
    return { store, again, cacheDir, a };
  }

  it("serving its cache, shows a copy altered in the store as an error instead of claiming the store's", async () => {
    const { store, again, cacheDir, a } = await servedOnceWithCache();

    const key = releaseKey(a.version, "envs/prod.json");
    const text = (await store.get(key))!;
    if (text === "not-modified") throw new Error("unexpected");
    await store.put(key, Buffer.concat([text.body, Buffer.from(" ")]));
    const restarted = client(again(), { cacheDir });
    expect(await restarted.ready()).toBe(true);
    await restarted.loop.pollNow();
    await restarted.loop.pollNow();
    expect(restarted.number("search.limit", {}, -1)).toBe(10);
    expect(restarted.status).toMatchObject({ state: "stale", source: "cache", release: { version: a.version } });
    expect(restarted.status.lastError?.code).toBe("E_TAMPERED");
  });

  it("started from its cache, refuses a pointer behind the cached one from the same store, not one from another store", async () => {
    const { store, cacheDir, a } = await servedOnceWithCache();
    for (let i = 0; i < 3; i++) await point(store, "prod", { stable: a.version }); // prod's pointer at seq 4
    const first = client(store, { cacheDir });
    await first.ready();
    await first.close();
    const b = buildRelease(relFiles(2), 2);

    // The same store, its pointer gone for a while, then an old copy (seq 2) put back: refused, the pointer is
    // unsigned and an old copy must not roll the service back.
    await publish(store, b);
    await deleteKey(store, pointerKey("prod"));
    const same = client(store, { cacheDir });
    expect(await same.ready()).toBe(true);
    expect(same.status).toMatchObject({ source: "cache", release: { version: a.version, seq: 4 } });
    await store.put(pointerKey("prod"), rawPointer(2, b.version));
    await same.loop.pollNow();
    expect(same.status.lastError?.code).toBe("E_POINTER_BACKWARDS");
    expect(same.status.release?.version).toBe(a.version);

    // The service moves to a new store (empty at first: down, as far as the client can tell), where prod's
    // pointer is at seq 1: that store's numbers are not the old one's.
    const dir = tmp();
    const moved = client(new FileStore(dir), { cacheDir });
    expect(await moved.ready()).toBe(true);
    expect(moved.status).toMatchObject({ source: "cache", release: { version: a.version, seq: 4 } });
    const fresh = new FileStore(dir);
    await publish(fresh, b);
    await point(fresh, "prod", { stable: b.version });
    await moved.loop.pollNow();
    expect(moved.status.lastError).toBeNull();
    expect(moved.status).toMatchObject({ state: "ready", source: "store", release: { version: b.version, seq: 1 } });
  });

  it("restarts from the cache when the store is down; a truncated cache is refused; none: not-ready", async () => {
    const { store, again, cacheDir, a } = await servedOnceWithCache();

    const down = new S3Store({ bucket: "b", prefix: "" }, { endpoint: "http://127.0.0.1:9", region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" }, maxAttempts: 1 });
    const restarted = client(down, { cacheDir });
    expect(await restarted.ready()).toBe(true);
    expect(restarted.status).toMatchObject({ state: "ready", source: "cache", release: { version: a.version, seq: 1 } });
    expect(restarted.status.lastError?.code).toBe("E_STORE_UNREACHABLE");
    expect(restarted.number("search.limit", {}, -1)).toBe(10);

    const file = path.join(cacheDir, "prod.release.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, text.length >> 1));
    const truncated = client(down, { cacheDir, initTimeout: 300 });
    const seen = events(truncated);
    expect(await truncated.ready()).toBe(false);
    expect(seen.rejected[0]).toMatchObject({ version: null, code: "E_CACHE_DAMAGED" });
    expect(truncated.status.state).toBe("not-ready");
    expect(truncated.detail("search.limit", {}, 7)).toEqual({ value: 7, variation: null, reason: "ERROR", errorCode: "PROVIDER_NOT_READY", errorMessage: expect.any(String), version: null });
    expect(truncated.boolean("checkout.new-flow", {}, true)).toBe(true);
    expect(() => truncated.json("x", {}, null)).not.toThrow();

    const noCache = client(down, { initTimeout: 300 });
    const warnings: Error[] = [];
    noCache.on("warning", (e: Error) => warnings.push(e));
    expect(await noCache.ready()).toBe(false);
    // Serving nothing: the first failure is said once, with its code, not left to /status alone.
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^not ready: E_STORE_UNREACHABLE: /)]);
    expect(noCache.status).toMatchObject({ state: "not-ready", release: null, source: null });
    expect(noCache.detail("search.limit", { user: "u" }, 3)).toMatchObject({ value: 3, errorCode: "PROVIDER_NOT_READY" });
  });
});

describe("getters", () => {
  it("return the fallback with FLAG_NOT_FOUND or TYPE_MISMATCH, and never throw", async () => {
    const dir = tmp();
    const store = new FileStore(dir);
    const a = buildRelease({ ...relFiles(1), "flags/ui/theme.yaml": flag("    rules: []\n    serve: { small: 1 }\n".replace("{ small: 1 }", "small"), { type: "json", dflt: "small", extra: "variations:\n  small: { size: 1 }\n  large: { size: 2 }\n" }) }, 1);
    await publish(store, a);
    await point(store, "prod", { stable: a.version });
    const c = client(store);
    await c.ready();
    expect(c.detail("nope", {}, "x")).toMatchObject({ value: "x", errorCode: "FLAG_NOT_FOUND", reason: "ERROR", version: a.version });
    expect(c.string("search.limit", {}, "x")).toBe("x");
    expect(c.detail("search.limit", {}, "x")).toMatchObject({ value: "x", errorCode: "TYPE_MISMATCH" });
    expect(c.json("search.limit", {}, { a: 1 })).toEqual({ a: 1 });
    expect(c.json("ui.theme", {}, null)).toEqual({ size: 1 });
    expect(c.boolean("ui.theme", {}, true)).toBe(true);
    // A context attribute of the wrong type: the engine's ERROR result (the flag's default), not a throw.
    expect(c.detail("checkout.new-flow", { team: 5 }, true)).toMatchObject({ value: false, reason: "ERROR" });
    expect(() => c.boolean("checkout.new-flow", null as never, false)).not.toThrow();
  });

  it("serve a release directory (build --out) and pick up a rebuild", async () => {
    const { writeDir } = await import("./helpers/runtimeFixture.js");
    const dir = path.join(tmp(), "out");
    await writeDir(dir, buildRelease(relFiles(1), 1));
    const c = client(dir);
    expect(await c.ready()).toBe(true);
    expect(c.number("search.limit", {}, -1)).toBe(10);
    const b = buildRelease(relFiles(2), 2);
    await writeDir(dir, b);
    await c.loop.pollNow();
    expect(c.version).toBe(b.version);
    expect(c.number("search.limit", {}, -1)).toBe(20);
  });
});
