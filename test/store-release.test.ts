// putRelease / listReleases / getReleaseFile on both backends.
import { describe, expect, it } from "vitest";
import { RefusedError } from "../src/errors.js";
import { putRelease, getReleaseFile, listReleases, type ObjectStore, type PutCondition, ReleaseExistsError } from "../src/store/index.js";
import { useBackends } from "./helpers/backends.js";

const { backends } = useBackends();

const V = "v20261121.120000-abc1234";

function release(seed = "a") {
  return [
    { path: "manifest.json", body: Buffer.from(`{"version":"${V}","seed":"${seed}"}\n`) },
    { path: "envs/prod.json", body: Buffer.from(`{"env":"prod","seed":"${seed}"}\n`) },
    { path: "manifest.sig", body: Buffer.from(`sig-${seed}`) },
    { path: "envs/dev.json", body: Buffer.from(`{"env":"dev","seed":"${seed}"}\n`) },
  ];
}

/** Delegates to a real store and records the order of writes (observation only). */
function recording(store: ObjectStore): { store: ObjectStore; puts: string[] } {
  const puts: string[] = [];
  return {
    puts,
    store: {
      url: store.url,
      get: (k, o) => store.get(k, o),
      list: (p) => store.list(p),
      put: async (k: string, b: Buffer, c?: PutCondition) => {
        puts.push(k);
        return store.put(k, b, c);
      },
    },
  };
}

describe.each(backends)("$name store: releases", (backend) => {
  it("uploads env files first, the signature next and the manifest last", async () => {
    const { store } = await backend.fresh();
    const rec = recording(store);
    const result = await putRelease(rec.store, V, release());
    expect(rec.puts).toEqual([
      `releases/${V}/envs/dev.json`,
      `releases/${V}/envs/prod.json`,
      `releases/${V}/manifest.sig`,
      `releases/${V}/manifest.json`,
    ]);
    expect(result.uploaded).toEqual(["envs/dev.json", "envs/prod.json", "manifest.sig", "manifest.json"]);
    expect(await getReleaseFile(store, V, "manifest.json")).not.toBeNull();
    expect((await getReleaseFile(store, V, "envs/prod.json"))?.toString()).toBe('{"env":"prod","seed":"a"}\n');
    expect(await getReleaseFile(store, V, "envs/qa.json")).toBeNull();
  });

  it("is idempotent for identical bytes and writes nothing the second time", async () => {
    const { store } = await backend.fresh();
    await putRelease(store, V, release());
    const rec = recording(store);
    const again = await putRelease(rec.store, V, release());
    expect(rec.puts).toEqual([]);
    expect(again.uploaded).toEqual([]);
    expect(again.unchanged).toHaveLength(4);
  });

  it("refuses an existing version with different bytes and changes nothing", async () => {
    const { store } = await backend.fresh();
    await putRelease(store, V, release("a"));
    const changed = release("a");
    changed[1] = { path: "envs/prod.json", body: Buffer.from("tampered") };
    const err = await putRelease(store, V, changed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseExistsError);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as ReleaseExistsError).exitCode).toBe(1);
    expect((err as ReleaseExistsError).message).toContain("envs/prod.json");
    expect((await getReleaseFile(store, V, "envs/prod.json"))?.toString()).toBe('{"env":"prod","seed":"a"}\n');
  });

  it("with repair, restores a damaged or missing file of a published release from identical manifest bytes", async () => {
    const { store } = await backend.fresh();
    await putRelease(store, V, release("a"));
    await store.put(`releases/${V}/envs/prod.json`, Buffer.from("tampered"));
    const rec = recording(store);
    const r = await putRelease(rec.store, V, release("a"), { repair: true });
    expect(rec.puts).toEqual([`releases/${V}/envs/prod.json`]);
    expect(r.repaired).toEqual(["envs/prod.json"]);
    expect(r.uploaded).toEqual([]);
    expect((await getReleaseFile(store, V, "envs/prod.json"))?.toString()).toBe('{"env":"prod","seed":"a"}\n');
  });

  it("refuses another manifest or a new signature for a published release before writing anything", async () => {
    const { store } = await backend.fresh();
    const unsigned = release("a").filter((f) => f.path !== "manifest.sig");
    await putRelease(store, V, unsigned);
    const rec = recording(store);
    // The same manifest, now with a signature: it would change what the published release is.
    const signed = await putRelease(rec.store, V, release("a"), { repair: true }).catch((e: unknown) => e);
    expect(signed).toBeInstanceOf(ReleaseExistsError);
    expect((signed as Error).message).toContain("unsigned");
    // Another manifest with one more env file: refused at once, the new file is not written into it.
    const other = [...release("b"), { path: "envs/aaa.json", body: Buffer.from("{}") }];
    const err = await putRelease(rec.store, V, other, { repair: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseExistsError);
    expect((err as Error).message).toContain("manifest.json");
    expect(rec.puts).toEqual([]);
    expect(await getReleaseFile(store, V, "envs/aaa.json")).toBeNull();
    expect(await getReleaseFile(store, V, "manifest.sig")).toBeNull();
  });

  it("does not list a release whose manifest is missing, and completes it on retry", async () => {
    const { store } = await backend.fresh();
    const files = release("b");
    // What an interrupted upload leaves: env files only, from an earlier attempt with other bytes.
    for (const f of release("old").filter((f) => f.path.startsWith("envs/"))) {
      await store.put(`releases/${V}/${f.path}`, f.body);
    }
    await putRelease(store, "v1", release("other").map((f) => ({ ...f })));
    expect(await listReleases(store)).toEqual(["v1"]);
    expect(await getReleaseFile(store, V, "manifest.json")).toBeNull();
    await putRelease(store, V, files);
    expect(await listReleases(store)).toEqual(["v1", V]);
    expect((await getReleaseFile(store, V, "envs/dev.json"))?.toString()).toBe('{"env":"dev","seed":"b"}\n');
  });

  it("lists releases sorted by version", async () => {
    const { store } = await backend.fresh();
    for (const v of ["v20261122.090000-bbbbbbb", "v20261121.235959-ccccccc", "v20261122.090001-aaaaaaa"]) {
      await putRelease(store, v, [{ path: "manifest.json", body: Buffer.from(v) }]);
    }
    expect(await listReleases(store)).toEqual([
      "v20261121.235959-ccccccc",
      "v20261122.090000-bbbbbbb",
      "v20261122.090001-aaaaaaa",
    ]);
  });

  it("refuses unsafe names and a release without a manifest", async () => {
    const { store } = await backend.fresh();
    await expect(putRelease(store, "../x", release())).rejects.toMatchObject({ exitCode: 2 });
    await expect(putRelease(store, V, [{ path: "../../envs/prod/pointer.json", body: Buffer.from("x") }, ...release()])).rejects.toMatchObject({ exitCode: 2 });
    await expect(putRelease(store, V, release().filter((f) => f.path !== "manifest.json"))).rejects.toMatchObject({ exitCode: 2 });
    expect(await store.list("")).toEqual([]);
  });

  it("verifies what it uploaded by reading it back", async () => {
    const { store } = await backend.fresh();
    // A store that loses writes to one key: what the read-back exists to catch.
    const lossy: ObjectStore = {
      url: store.url,
      get: (k, o) => store.get(k, o),
      list: (p) => store.list(p),
      put: (k, b, c) => (k.endsWith("envs/prod.json") ? Promise.resolve({ etag: "lost" }) : store.put(k, b, c)),
    };
    await expect(putRelease(lossy, V, release())).rejects.toMatchObject({ code: "E_STORE_VERIFY", exitCode: 3 });
    expect(await getReleaseFile(store, V, "manifest.json")).toBeNull();
  });
});
