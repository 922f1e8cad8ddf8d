// 20 separate flagctl processes race to change one pointer on a file:// store: exactly one wins, the others
// exit 4 (conflict), and history has no gaps or duplicates.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";

function historySeqs(storeDir: string, env: string): number[] {
  const dir = join(storeDir, "envs", env, "history");
  return readdirSync(dir)
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")).seq as number)
    .sort((a, b) => a - b);
}

describe("concurrent pointer changes on file://", () => {
  it("20 concurrent promotes and then 20 concurrent rollouts: one winner each, the rest exit 4", { timeout: 120_000 }, async () => {
    const repo = configRepo();
    const storeDir = tempDir("flagctl-store-");
    const store = pathToFileURL(storeDir).href;
    const r1 = await fakeRelease(1);
    expect((await flagctl(repo, ["publish", r1.dir, "--store", store])).code).toBe(0);
    // Take the pipeline to prod first, so the race is on prod's pointer.
    for (const env of ["staging", "dogfood"]) expect((await flagctl(repo, ["promote", r1.version, env, "--store", store])).code).toBe(0);

    const race = async (args: string[]) => {
      const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => flagctl(repo, [...args, "--store", store], { FLAGCTL_ACTOR: `racer-${i}` })));
      return runs;
    };

    // --if-seq: every racer acts on the state it was told about; all but one lose the compare-and-swap.
    const promotes = await race(["promote", r1.version, "prod", "--if-seq", "0"]);
    expect(promotes.filter((r) => r.code === 0)).toHaveLength(1);
    const losers = promotes.filter((r) => r.code !== 0);
    expect(losers.map((r) => r.code)).toEqual(Array(19).fill(4));
    for (const r of losers) expect(r.stderr).toMatch(/changed since it was read/);
    expect(historySeqs(storeDir, "prod")).toEqual([1]);

    const rollouts = await race(["rollout", "prod", "--force", "--if-seq", "1"]);
    expect(rollouts.filter((r) => r.code === 0)).toHaveLength(1);
    expect(rollouts.filter((r) => r.code !== 0).map((r) => r.code)).toEqual(Array(19).fill(4));
    expect(historySeqs(storeDir, "prod")).toEqual([1, 2]);
    const pointer = JSON.parse(readFileSync(join(storeDir, "envs/prod/pointer.json"), "utf8"));
    expect(pointer).toMatchObject({ seq: 2, candidate: r1.version, percent: 10 });

    // Without --if-seq a racer that reads after a win acts on the new state (a refusal or the next step), so
    // several may succeed one after another; none is lost and history stays gapless.
    const free = await race(["rollout", "prod", "--force"]);
    const wins = free.filter((r) => r.code === 0).length;
    expect(wins).toBeGreaterThanOrEqual(1);
    for (const r of free.filter((x) => x.code !== 0)) {
      expect([1, 4]).toContain(r.code);
      if (r.code === 1) expect(r.stderr).toContain("no candidate");
    }
    const seqs = historySeqs(storeDir, "prod");
    expect(seqs).toEqual(Array.from({ length: 2 + wins }, (_, i) => i + 1));
  });
});
