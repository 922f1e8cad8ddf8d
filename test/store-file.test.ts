// file:// specifics: lock files, stale-lock recovery, no half-written or stray files in listings.
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.js";
import { FileStore, fileEtag } from "../src/store/index.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "flagctl-file-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fresh(name: string, options = {}): Promise<{ dir: string; store: FileStore }> {
  const dir = path.join(tmp, name);
  return { dir, store: new FileStore(dir, options) };
}

/** A pid that certainly belongs to no running process: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(String(r.stdout));
}

describe("file:// store", () => {
  it("uses sha256 of the bytes as etag and leaves no temp or lock files behind", async () => {
    const { dir, store } = await fresh("clean");
    const { etag } = await store.put("envs/prod/pointer.json", Buffer.from("x"), { ifNoneMatch: "*" });
    expect(etag).toBe(fileEtag(Buffer.from("x")));
    expect(await readdir(path.join(dir, "envs/prod"))).toEqual(["pointer.json"]);
  });

  it("ignores temp files an interrupted write left, in get and list", async () => {
    const { dir, store } = await fresh("leftovers");
    await store.put("releases/v1/manifest.json", Buffer.from("m"));
    await writeFile(path.join(dir, "releases/v1/.~tmp.envs.json.abc123"), "half");
    expect(await store.list("")).toEqual(["releases/v1/manifest.json"]);
    await expect(store.get("releases/v1/.~tmp.envs.json.abc123")).rejects.toBeInstanceOf(UsageError);
  });

  it("breaks a lock left by a process that died", async () => {
    const { dir, store } = await fresh("dead-holder");
    await mkdir(path.join(dir, "envs/prod"), { recursive: true });
    const lock = path.join(dir, "envs/prod/.~lock.pointer.json");
    await writeFile(lock, JSON.stringify({ pid: deadPid(), host: os.hostname(), nonce: "x" }));
    await store.put("envs/prod/pointer.json", Buffer.from("after"), { ifNoneMatch: "*" });
    expect((await store.get("envs/prod/pointer.json")) as { body: Buffer }).toMatchObject({ body: Buffer.from("after") });
    expect(await readdir(path.join(dir, "envs/prod"))).toEqual(["pointer.json"]);
  });

  it("waits for a live holder, then gives up with E_STORE_LOCKED naming the lock file", async () => {
    const { dir, store } = await fresh("live-holder", { lockTimeoutMs: 300 });
    await mkdir(path.join(dir, "envs/prod"), { recursive: true });
    const lock = path.join(dir, "envs/prod/.~lock.pointer.json");
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), nonce: "held" }));
    const err = await store.put("envs/prod/pointer.json", Buffer.from("x")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "E_STORE_LOCKED", exitCode: 3 });
    expect((err as Error & { hint: string }).hint).toContain(lock);
    expect(await store.get("envs/prod/pointer.json")).toBeNull();
  });

  it("treats a lock older than staleLockMs as stale whoever holds it (e.g. another host)", async () => {
    const { dir, store } = await fresh("old-lock", { staleLockMs: 1_000 });
    await mkdir(path.join(dir, "k"), { recursive: true });
    const lock = path.join(dir, "k/.~lock.v");
    await writeFile(lock, JSON.stringify({ pid: 1, host: "some-other-host", nonce: "old" }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await store.put("k/v", Buffer.from("ok"));
    expect(await store.list("k/")).toEqual(["k/v"]);
  });

  it("refuses keys that would escape the store or collide with its bookkeeping", async () => {
    const { store } = await fresh("keys");
    for (const key of ["../x", "a//b", "/abs", "a/./b", "a\\b", ".~lock.x", ""]) {
      await expect(store.put(key, Buffer.from("x")), key).rejects.toBeInstanceOf(UsageError);
    }
  });

  it("reports an unwritable store as E_STORE_IO naming the key and store", async () => {
    const file = path.join(tmp, "not-a-dir");
    await writeFile(file, "");
    const store = new FileStore(file);
    const err = await store.put("envs/prod/pointer.json", Buffer.from("x")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "E_STORE_IO", exitCode: 3 });
    expect((err as Error).message).toContain("envs/prod/pointer.json");
    expect((err as Error).message).toContain(store.url);
  });
});
