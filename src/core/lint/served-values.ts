import type { Flag, Loc, Repo } from "../model.js";
import { defineRule, type Report } from "./rule.js";
import type { LintRun } from "./types.js";
import { checkFlagValue, checkRolloutKey, show, type ValueProblem } from "./values.js";
import { describeSite, forEachServe } from "./walk.js";

type Found = { loc: Loc; where: string; problem: ValueProblem };

/** Every served or default value of a flag that does not fit it; shared by the type and variation rules. */
function problems(flag: Flag): Found[] {
  const out: Found[] = [];
  if (flag.locs.default) {
    // A json default is a variation name or an inline value (checked against the schema by FLAG017); only a
    // string that names no variation is suspect.
    const named = flag.type !== "json" || (typeof flag.default === "string" && flag.variations && !flag.defaultVariation);
    const p = named ? checkFlagValue(flag, flag.default) : undefined;
    if (p) out.push({ loc: flag.locs.default, where: "default", problem: p });
  }
  forEachServe(flag, (site) => {
    const s = site.serve;
    if (s.kind === "value") {
      const p = checkFlagValue(flag, s.value);
      if (p) out.push({ loc: s.loc, where: describeSite(site), problem: p });
    } else {
      for (const w of s.weights) {
        const p = checkRolloutKey(flag, w.variation);
        if (p) out.push({ loc: w.loc, where: `${describeSite(site)} rollout`, problem: p });
      }
    }
  });
  return out;
}

/** Both rules share one walk over every flag per lint run. */
const reportKind = (kind: ValueProblem["kind"]) => (repo: Repo, report: Report, ctx: LintRun) => {
  const all = ctx.memo("served-values", () => [...repo.flags.values()].flatMap(problems));
  for (const f of all) if (f.problem.kind === kind) report(f.loc, `${f.where}: ${f.problem.message}`);
};

export const badVariations = defineRule(
  "FLAG008", "error",
  "`variations` lists a value of the wrong type for the flag, or the same value twice.",
  "make every variation a value of the flag's `type`, each listed once",
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      if (!flag.variations || flag.type === "json") continue;
      if (flag.type === "boolean") {
        report(flag.locs.variations ?? flag.loc, "boolean flags have the variations true and false; remove `variations`");
        continue;
      }
      const seen = new Set<unknown>();
      for (const v of flag.variations) {
        const loc = v.loc ?? flag.locs.variations ?? flag.loc;
        if (typeof v.value !== flag.type) report(loc, `variation ${show(v.value)} is not a ${flag.type}`);
        else if (seen.has(v.value)) report(loc, `variation ${show(v.value)} is listed twice`);
        seen.add(v.value);
      }
    }
  },
);

export const wrongValueType = defineRule(
  "FLAG009", "error",
  "A served value, rollout key or default is not of the flag's `type`.",
  "serve a value of the flag's type (quote strings that look like numbers or booleans)",
  reportKind("type"),
);

export const notAVariation = defineRule(
  "FLAG010", "error",
  "A served value, rollout key or default is not one of the flag's `variations` (json flags serve variation names).",
  "serve one of the declared variations, or add the value to `variations`",
  reportKind("variation"),
);
