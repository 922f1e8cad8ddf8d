// Poll spacing, the onEvaluation hook and the exposure-event batcher.
import { describe, expect, it } from "vitest";
import { createClient, createEvaluationBatcher, pollDelay, type EvaluationSummary } from "../src/sdk/index.js";
import { fileStoreServing, flag } from "./helpers/runtimeFixture.js";

describe("pollDelay", () => {
  it("is poll ±10% after a success, doubles per failure, and stops at 10x poll", () => {
    expect(pollDelay(5000, 0, 0)).toBe(4500);
    expect(pollDelay(5000, 0, 0.999999)).toBe(5500);
    expect(pollDelay(5000, 0, 0.5)).toBe(5000);
    expect([1, 2, 3, 4, 5, 20].map((f) => pollDelay(5000, f, 0.5))).toEqual([10_000, 20_000, 40_000, 50_000, 50_000, 50_000]);
    expect(pollDelay(5000, 20, 0.999999)).toBe(55_000);
  });
});

describe("onEvaluation and the batcher", () => {
  it("folds evaluations into counted entries, bounds the buffer, counts drops, and flushes on close()", async () => {
    const { store, rel } = await fileStoreServing({ "flags/a.yaml": flag("    rules:\n      - if: { team: T1 }\n        serve: true\n    serve: false\n") });
    const batches: EvaluationSummary[][] = [];
    const batcher = createEvaluationBatcher({ send: (b) => void batches.push(b), maxEntries: 3, flushInterval: "1h", now: () => 1000 });
    const c = createClient({ store, env: "prod", host: "web-1", poll: 3_600_000, onEvaluation: batcher });
    await c.ready();
    for (let i = 0; i < 50; i++) c.boolean("a", { team: i % 2 ? "T1" : "T2" }, false);
    c.boolean("missing", {}, false); // third distinct entry
    c.string("a", {}, "x"); // fourth: TYPE_MISMATCH, dropped (buffer holds 3)
    c.string("a", {}, "x");
    expect(batcher.dropped).toBe(2);
    expect(batches).toHaveLength(0);
    await c.close();
    expect(batches).toHaveLength(1);
    const byKey = batches[0].map((e) => [e.key, e.variation, e.reason, e.errorCode ?? null, e.count]);
    expect(byKey).toEqual([
      ["a", "false", "FALLTHROUGH", null, 25],
      ["a", "true", "RULE_MATCH", null, 25],
      ["missing", null, "ERROR", "FLAG_NOT_FOUND", 1],
    ]);
    expect(batches[0][0]).toMatchObject({ version: rel.version, firstAt: 1000, lastAt: 1000 });
  });

  it("a throwing hook never breaks a getter; a failing send counts its evaluations as dropped", async () => {
    const { store, rel } = await fileStoreServing({ "flags/a.yaml": flag("    true\n") });
    const seen: unknown[] = [];
    const c = createClient({
      store, env: "prod", host: "web-1", poll: 3_600_000,
      onEvaluation: (key, result, version) => {
        seen.push([key, result.value, version]);
        throw new Error("logging is down");
      },
    });
    await c.ready();
    expect(c.boolean("a", {}, false)).toBe(true);
    expect(seen).toEqual([["a", true, rel.version]]);
    await c.close();

    const b = createEvaluationBatcher({ send: () => Promise.reject(new Error("no")) });
    b.record("a", { value: true, variation: "true", reason: "STATIC", version: "v" }, "v");
    b.record("a", { value: true, variation: "true", reason: "STATIC", version: "v" }, "v");
    await b.close();
    expect(b.dropped).toBe(2);
  });
});
