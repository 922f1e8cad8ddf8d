import type { Flag, Serve } from "../model.js";
import { suggestion } from "../didYouMean.js";
import { defineRule } from "./rule.js";
import { describeSite, forEachServe, type ServeSite } from "./walk.js";

type Rollout = Serve & { kind: "rollout" };

function forEachRollout(flags: Iterable<Flag>, visit: (r: Rollout, site: ServeSite, flag: Flag) => void) {
  for (const flag of flags) forEachServe(flag, (site) => site.serve.kind === "rollout" && visit(site.serve, site, flag));
}

/** Weights are compared in thousandths of a percent, the unit buckets are cut in, so 33.333 + 33.333 + 33.334 is exact. */
const thousandths = (w: number) => Math.round(w * 1000);
const hasAtMost3Decimals = (w: number) => Math.abs(w * 1000 - thousandths(w)) < 1e-6;

export const badWeights = defineRule(
  "FLAG011", "error",
  "Rollout weights are not numbers from 0 to 100 with at most 3 decimals, or do not sum to exactly 100.",
  "give each variation a percentage with at most 3 decimals so that they add up to exactly 100",
  (repo, report) => {
    forEachRollout(repo.flags.values(), (r, site) => {
      let sum = 0;
      let valid = true;
      for (const w of r.weights) {
        if (!Number.isFinite(w.weight)) report(w.loc, `weight of \`${w.variation}\` is not a number`);
        else if (w.weight < 0 || w.weight > 100) report(w.loc, `weight ${w.weight} of \`${w.variation}\` is outside 0..100`);
        else if (!hasAtMost3Decimals(w.weight)) report(w.loc, `weight ${w.weight} of \`${w.variation}\` has more than 3 decimals`);
        else {
          sum += thousandths(w.weight);
          continue;
        }
        valid = false;
      }
      if (valid && sum !== 100_000) report(r.loc, `${describeSite(site)}: rollout weights sum to ${sum / 1000}, not 100`);
    });
  },
);

export const unknownRolloutBy = defineRule(
  "FLAG012", "error",
  "A rollout buckets `by` an attribute that flagctl.yaml does not declare.",
  "bucket by a declared context attribute (default `user`), or declare it under `context`",
  (repo, report) => {
    const attrs = Object.keys(repo.project.context);
    forEachRollout(repo.flags.values(), (r, site) => {
      const loc = r.byLoc ?? r.loc;
      if (r.by === "now") report(loc, `${describeSite(site)}: rollout by \`now\`, which changes on every evaluation`);
      else if (!Object.hasOwn(repo.project.context, r.by)) {
        report(loc, `${describeSite(site)}: rollout by unknown attribute \`${r.by}\`${suggestion(r.by, attrs)}`);
      }
    });
  },
);
