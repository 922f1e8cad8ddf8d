// Lint must stay linear in the number of flags: the validate benchmark runs 10,000 of them.
import { describe, expect, it } from "vitest";
import { lintRepo } from "../../src/core/lint/index.js";
import type { Condition, Flag, Loc, Repo } from "../../src/core/model.js";
import { repoFromFiles } from "../helpers/repo.js";
import { BASE, TODAY } from "./fixtures.js";

const base = repoFromFiles(BASE).repo;

/** n flags built as model values (no YAML, so the test measures lint alone), each with a few rules and a rollout. */
function repoWith(n: number): Repo {
  const flags = new Map<string, Flag>();
  let first = "checkout.new-flow";
  for (let i = 0; i < n; i++) {
    const key = `area${i % 40}.flag-${String(i).padStart(6, "0")}`;
    const file = `flags/${key.replace(".", "/")}.yaml`;
    const loc: Loc = { file, line: 1, column: 1 };
    const attr = (attr: string, test: Extract<Condition, { kind: "attr" }>["test"]): Condition => ({ kind: "attr", attr, test, loc });
    const conds: Condition[] = [
      { kind: "segment", names: ["staff"], loc },
      { kind: "all", of: [attr("team", { op: "in", values: ["T1", `T${i}`] }), attr("email", { op: "regex", value: "@acme\\.com$" })], loc },
      { kind: "all", of: [attr("appVersion", { op: "semver", range: ">=4.2.0 <5" }), { kind: "flag", key: first, value: true, loc }], loc },
      // a typo in every flag: the did-you-mean must not scan all flags each time
      { kind: "flag", key: "checkout.new-flw", value: true, loc },
    ];
    if (i === 0) first = key;
    flags.set(key, {
      key, file, loc, description: "d", owner: "@o", kind: "ops", type: "boolean", default: false, checks: [], locs: {},
      salt: i % 1000 === 0 ? "shared-salt" : undefined,
      environments: {
        prod: {
          kind: "rules", loc,
          rules: conds.map((c, index) => ({ index, if: c, serve: { kind: "value" as const, value: index % 2 === 0, loc }, loc })),
          fallthrough: { kind: "rollout", weights: [{ variation: "true", weight: 25, loc }, { variation: "false", weight: 75, loc }], by: "user", loc },
        },
      },
    });
  }
  for (const [k, f] of base.flags) flags.set(k, f);
  return { ...base, flags };
}

function bestTime(repo: Repo): { ms: number; count: number } {
  let ms = Infinity;
  let count = 0;
  for (let i = 0; i < 2; i++) {
    const copy = { ...repo }; // a new repo object, so no per-repo cache carries over
    const t = performance.now();
    count = lintRepo(copy, { today: TODAY }).length;
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, count };
}

describe("lint at scale", () => {
  it("lints 20,000 flags in well under the validate budget, and 4x the flags costs about 4x the time", () => {
    bestTime(repoWith(1_000)); // warm the JIT so the first measurement is not mostly compilation
    const small = bestTime(repoWith(5_000));
    const large = bestTime(repoWith(20_000));
    // Every generated flag has one unknown prerequisite; 1 in 1,000 shares a salt with the first of them.
    expect(small.count).toBe(5_000 + 4);
    expect(large.count).toBe(20_000 + 19);
    expect(large.ms).toBeLessThan(6_000);
    // Linear work gives ~4; quadratic would give ~16. The margin absorbs a busy machine.
    expect(large.ms / small.ms).toBeLessThan(10);
  }, 60_000);
});
