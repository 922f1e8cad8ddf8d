// Lint must stay linear in the number of flags: the validate benchmark runs 10,000 of them.
import { describe, expect, it } from "vitest";
import { lintRepo, type Condition, type Flag, type Loc, type Repo } from "../../src/core/index.js";
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

describe("lint at scale", () => {
  // Findings at scale only: speed is measured by bench/validate.mjs, not asserted (shared machines are noisy).
  it("lints 5,000 and 20,000 flags with exactly the expected findings", () => {
    // Every generated flag has one unknown prerequisite; 1 in 1,000 shares a salt with the first of them.
    expect(lintRepo(repoWith(5_000), { today: TODAY })).toHaveLength(5_000 + 4);
    expect(lintRepo(repoWith(20_000), { today: TODAY })).toHaveLength(20_000 + 19);
  }, 60_000);
});
