// Pointer compare-and-swap and history on both backends (in-process writers; see store-processes.test.ts for
// separate processes on file://).
import { describe, expect, it } from "vitest";
import { ConflictError } from "../src/errors.js";
import { readHistory, historyKey, readPointer, writePointer, type ObjectStore, type PutCondition } from "../src/store/index.js";
import type { Pointer } from "../src/core/index.js";
import { useBackends } from "./helpers/backends.js";

const { backends } = useBackends();

const state = (over: Partial<Omit<Pointer, "seq">> = {}): Omit<Pointer, "seq"> => ({
  stable: "v20261121.120000-0000001",
  candidate: null,
  percent: 0,
  updatedAt: "2026-11-21T12:00:00.000Z",
  by: "alice",
  reason: "test",
  ...over,
});

async function expectNoGaps(store: ObjectStore, env: string, n: number): Promise<Pointer[]> {
  const keys = await store.list(`envs/${env}/history/`);
  expect(keys).toEqual(Array.from({ length: n }, (_, i) => historyKey(env, i + 1)));
  const history = await readHistory(store, env);
  expect(history.map((p) => p.seq)).toEqual(Array.from({ length: n }, (_, i) => n - i));
  return history;
}

describe.each(backends)("$name store: pointers", (backend) => {
  it("creates, reads and advances a pointer, recording every state in history", async () => {
    const { store } = await backend.fresh();
    expect(await readPointer(store, "prod")).toEqual({ pointer: null });
    const first = await writePointer(store, "prod", null, state({ stable: "v20261121.120000-0000001" }));
    expect(first).toEqual({ seq: 1, ...state({ stable: "v20261121.120000-0000001" }) });
    const read1 = await readPointer(store, "prod");
    expect(read1.pointer).toEqual(first);
    const second = await writePointer(store, "prod", { seq: 1, etag: read1.etag! }, state({ candidate: "v20261121.120000-0000002", percent: 10 }));
    expect(second.seq).toBe(2);
    const history = await expectNoGaps(store, "prod", 2);
    expect(history[0]).toEqual(second);
    expect(history[1]).toEqual(first);
    expect(await readHistory(store, "prod", { limit: 1 })).toEqual([second]);
    // The stored layout is SPEC §5's: a zero-padded seq per history file.
    expect(await store.list("envs/prod/")).toEqual([
      "envs/prod/history/0000000001.json",
      "envs/prod/history/0000000002.json",
      "envs/prod/pointer.json",
    ]);
  });

  it("gives the same state written twice different bytes and etags", async () => {
    const { store } = await backend.fresh();
    await writePointer(store, "qa", null, state());
    const a = await readPointer(store, "qa");
    await writePointer(store, "qa", { seq: 1, etag: a.etag! }, state());
    const b = await readPointer(store, "qa");
    expect(b.etag).not.toBe(a.etag);
  });

  it("refuses a stale expected state with ConflictError (exit 4) and changes nothing", async () => {
    const { store, again } = await backend.fresh();
    await writePointer(store, "prod", null, state());
    const read = await readPointer(store, "prod");
    await writePointer(again(), "prod", { seq: 1, etag: read.etag! }, state({ candidate: "v20261121.120000-0000002", percent: 1 }));
    const after = await readPointer(store, "prod");
    const err = await writePointer(store, "prod", { seq: 1, etag: read.etag! }, state({ reason: "late" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).exitCode).toBe(4);
    expect((err as ConflictError).message).toContain("prod");
    expect(await readPointer(store, "prod")).toEqual(after);
    await expect(writePointer(store, "prod", null, state())).rejects.toBeInstanceOf(ConflictError);
    await expectNoGaps(store, "prod", 2);
  });

  it("20 concurrent writers from the same state: exactly one wins, history has no gaps or duplicates", async () => {
    const { store, again } = await backend.fresh();
    await writePointer(store, "prod", null, state());
    const read = await readPointer(store, "prod");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        writePointer(again(), "prod", { seq: 1, etag: read.etag! }, state({ candidate: "v20261121.120000-0000002", percent: 1, by: `w${i}` })),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<Pointer>).value;
    expect((await readPointer(store, "prod")).pointer).toEqual(winner);
    const history = await expectNoGaps(store, "prod", 2);
    expect(history[0].by).toBe(winner.by);
  });

  it("20 concurrent writers each retrying until they win: 21 states, no gaps, no duplicates", async () => {
    const { store, again } = await backend.fresh();
    await writePointer(store, "prod", null, state());
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const client = again();
        for (;;) {
          const { pointer, etag } = await readPointer(client, "prod");
          try {
            return await writePointer(client, "prod", { seq: pointer!.seq, etag: etag! }, state({ by: `w${i}` }));
          } catch (err) {
            if (!(err instanceof ConflictError)) throw err;
          }
        }
      }),
    );
    const history = await expectNoGaps(store, "prod", 21);
    expect(new Set(history.slice(0, 20).map((p) => p.by)).size).toBe(20);
  });

  it("a writer that dies between the pointer CAS and its history entry leaves no gap", async () => {
    const { store } = await backend.fresh();
    await writePointer(store, "prod", null, state());
    // Simulates the crash: the history write for seq 2 never happens.
    const crashing: ObjectStore = {
      url: store.url,
      get: (k, o) => store.get(k, o),
      list: (p) => store.list(p),
      put: (k: string, b: Buffer, c?: PutCondition) =>
        k === historyKey("prod", 2) ? Promise.reject(new Error("killed")) : store.put(k, b, c),
    };
    const r1 = await readPointer(store, "prod");
    await expect(writePointer(crashing, "prod", { seq: 1, etag: r1.etag! }, state({ reason: "crashed" }))).rejects.toThrow("killed");
    expect(await store.list("envs/prod/history/")).toEqual([historyKey("prod", 1)]);
    // Readers still see the current state in history.
    expect((await readHistory(store, "prod")).map((p) => [p.seq, p.reason])).toEqual([[2, "crashed"], [1, "test"]]);
    // The next writer records seq 2 before replacing it.
    const r2 = await readPointer(store, "prod");
    await writePointer(store, "prod", { seq: 2, etag: r2.etag! }, state({ reason: "next" }));
    const history = await expectNoGaps(store, "prod", 3);
    expect(history.map((p) => p.reason)).toEqual(["next", "crashed", "test"]);
  });

  it("recognises its own write when a retried request reports a conflict (the first attempt had landed)", async () => {
    const { store } = await backend.fresh();
    await writePointer(store, "prod", null, state());
    // What an SDK retry after a lost response looks like: the write happened, the retry gets 412.
    const retried: ObjectStore = {
      url: store.url,
      get: (k, o) => store.get(k, o),
      list: (p) => store.list(p),
      put: async (k: string, b: Buffer, c?: PutCondition) => {
        await store.put(k, b, c);
        if (k.endsWith("pointer.json")) throw new ConflictError("412 on retry");
        return { etag: "" };
      },
    };
    const r = await readPointer(store, "prod");
    const written = await writePointer(retried, "prod", { seq: 1, etag: r.etag! }, state({ reason: "mine" }));
    expect(written.reason).toBe("mine");
    await expectNoGaps(store, "prod", 2);
  });

  it("keeps extra fields a caller adds to a pointer state", async () => {
    const { store } = await backend.fresh();
    const written = await writePointer(store, "prod", null, { ...state(), forced: true } as Omit<Pointer, "seq">);
    expect(written).toMatchObject({ seq: 1, forced: true });
    expect((await readPointer(store, "prod")).pointer).toMatchObject({ forced: true });
  });

  it("reports a corrupt pointer as a store failure naming the key", async () => {
    const { store } = await backend.fresh();
    await store.put("envs/prod/pointer.json", Buffer.from("{not json"));
    await expect(readPointer(store, "prod")).rejects.toMatchObject({ code: "E_STORE_CORRUPT", exitCode: 3 });
    await store.put("envs/prod/pointer.json", Buffer.from('{"seq":0}'));
    await expect(readPointer(store, "prod")).rejects.toThrow("envs/prod/pointer.json");
    // A hand-edited version name would reach store keys (releases/<version>/...) and every command's output.
    for (const bad of ["../../envs/dev", "v1", "latest"]) {
      await store.put("envs/prod/pointer.json", Buffer.from(JSON.stringify({ seq: 3, ...state({ candidate: bad, percent: 5 }) })));
      await expect(readPointer(store, "prod")).rejects.toMatchObject({ code: "E_STORE_CORRUPT", exitCode: 3, message: expect.stringContaining(`names candidate ${JSON.stringify(bad)}, which is not a release version`) });
    }
  });

  it("reads a history entry with a hand-written version name as it is: history cannot be rewritten to fix it", async () => {
    const { store } = await backend.fresh();
    const first = await writePointer(store, "prod", null, state({ stable: "v20261121.120000-0000001" }));
    const read = await readPointer(store, "prod");
    await writePointer(store, "prod", { seq: 1, etag: read.etag! }, state({ stable: "v20261121.120000-0000002" }));
    await store.put(historyKey("prod", 1), Buffer.from(JSON.stringify({ ...first, stable: "../../envs/dev" })));
    const history = await readHistory(store, "prod");
    expect(history.map((p) => p.stable)).toEqual(["v20261121.120000-0000002", "../../envs/dev"]);
  });
});
