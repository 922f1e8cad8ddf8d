import type { Loc } from "../model.js";
import { defineRule } from "./rule.js";
import { forEachServe } from "./walk.js";

export const sharedSalt = defineRule(
  "FLAG019", "warning",
  "Two flags bucket with the same salt (flag `salt`, rollout `salt`, or a salt equal to another flag's key), so the same users land in the same buckets of both.",
  "remove the `salt` (it defaults to the flag key) or make it unique",
  (repo, report) => {
    // salt -> first flag using it; one pass, so 10,000 flags cost 10,000 map lookups.
    const owner = new Map<string, string>();
    for (const flag of repo.flags.values()) {
      const used = new Map<string, Loc>();
      if (flag.salt !== undefined && flag.salt !== flag.key) used.set(flag.salt, flag.locs.salt ?? flag.loc);
      forEachServe(flag, ({ serve }) => {
        if (serve.kind === "rollout" && serve.salt !== undefined && serve.salt !== flag.key && !used.has(serve.salt)) used.set(serve.salt, serve.saltLoc ?? serve.loc);
      });
      for (const [salt, loc] of used) {
        const first = owner.get(salt);
        const other = repo.flags.get(salt);
        if (first !== undefined) report(loc, `salt \`${salt}\` is also used by flag \`${first}\`: their rollouts are correlated`);
        else if (other && other.salt === undefined) report(loc, `salt \`${salt}\` is flag \`${salt}\`'s default salt: their rollouts are correlated`);
        if (first === undefined) owner.set(salt, flag.key);
      }
    }
  },
);
