// The ObjectStore contract, identical on file:// and s3:// (real s3rver behind the conditional-write proxy).
import { describe, expect, it } from "vitest";
import { ConflictError } from "../src/errors.js";
import { useBackends } from "./helpers/backends.js";
import { type StoredObject, S3Store } from "../src/store/index.js";

const { backends, s3 } = useBackends();

function obj(got: StoredObject | null | "not-modified"): StoredObject {
  if (got === null || got === "not-modified") throw new Error(`expected an object, got ${String(got)}`);
  return got;
}

describe.each(backends)("$name store", (backend) => {
  it("puts and gets whole objects; missing keys are null", async () => {
    const { store } = await backend.fresh();
    expect(await store.get("a/b.json")).toBeNull();
    const { etag } = await store.put("a/b.json", Buffer.from('{"x":1}'));
    const got = obj(await store.get("a/b.json"));
    expect(got.body.toString()).toBe('{"x":1}');
    expect(got.etag).toBe(etag);
    const binary = Buffer.from([0, 255, 1, 254, 10, 13]);
    await store.put("bin", binary);
    expect(obj(await store.get("bin")).body.equals(binary)).toBe(true);
  });

  it("changes the etag when the bytes change and answers not-modified to the current etag", async () => {
    const { store } = await backend.fresh();
    const first = await store.put("k", Buffer.from("one"));
    const second = await store.put("k", Buffer.from("two"));
    expect(second.etag).not.toBe(first.etag);
    expect(await store.get("k", { ifNoneMatch: second.etag })).toBe("not-modified");
    expect(obj(await store.get("k", { ifNoneMatch: first.etag })).body.toString()).toBe("two");
  });

  it("create-only put refuses an existing key and keeps its bytes", async () => {
    const { store } = await backend.fresh();
    await store.put("k", Buffer.from("first"), { ifNoneMatch: "*" });
    await expect(store.put("k", Buffer.from("second"), { ifNoneMatch: "*" })).rejects.toBeInstanceOf(ConflictError);
    expect(obj(await store.get("k")).body.toString()).toBe("first");
  });

  it("If-Match put succeeds only on the current etag", async () => {
    const { store, again } = await backend.fresh();
    const v1 = await store.put("k", Buffer.from("v1"));
    const v2 = await again().put("k", Buffer.from("v2"), { ifMatch: v1.etag });
    const err = await store.put("k", Buffer.from("v3"), { ifMatch: v1.etag }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).exitCode).toBe(4);
    expect(obj(await store.get("k")).body.toString()).toBe("v2");
    await store.put("k", Buffer.from("v3"), { ifMatch: v2.etag });
    expect(obj(await store.get("k")).body.toString()).toBe("v3");
    await expect(store.put("missing", Buffer.from("x"), { ifMatch: v2.etag })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.get("missing")).toBeNull();
  });

  it("lists every key under a prefix, sorted, and only those", async () => {
    const { store } = await backend.fresh();
    const keys = ["releases/v2/manifest.json", "releases/v1/envs/prod.json", "releases/v1/manifest.json", "envs/prod/pointer.json", "releasesX"];
    for (const k of keys) await store.put(k, Buffer.from(k));
    expect(await store.list("releases/")).toEqual(["releases/v1/envs/prod.json", "releases/v1/manifest.json", "releases/v2/manifest.json"]);
    expect(await store.list("releases/v1/")).toEqual(["releases/v1/envs/prod.json", "releases/v1/manifest.json"]);
    expect(await store.list("nothing/")).toEqual([]);
    expect(await store.list("")).toEqual([...keys].sort());
  });
});

describe("s3 store pagination", () => {
  it("follows continuation tokens", async () => {
    const location = { bucket: s3().bucket, prefix: "paged/" };
    const paged = new S3Store(location, { ...s3().s3Options(), listPageSize: 2 });
    const keys = Array.from({ length: 7 }, (_, i) => `p/k${i}`);
    for (const k of keys) await paged.put(k, Buffer.from(k));
    expect(await paged.list("p/")).toEqual(keys);
  });
});
