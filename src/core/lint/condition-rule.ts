import type { Severity } from "../diagnostic.js";
import type { Condition, Loc, Repo } from "../model.js";
import { defineRule } from "./rule.js";
import type { ConditionCheck, LintRule, LintRun, Report } from "./types.js";
import { forEachCondition } from "./walk.js";

type Finding = { loc: Loc; message: string; hint?: string };

// Every condition check of the run goes in one walk over the repo's conditions, the first time any of them is
// asked; each rule then hands out its own findings. 18 separate walks of 10,000 flags cost more than the checks.
function walkOnce(repo: Repo, ctx: LintRun): Map<string, Finding[]> {
  const checks = [...new Map(ctx.rules.flatMap((r) => (r.condition ? [[r.condition.nn, r.condition.check] as const] : []))).entries()].map(([nn, check]) => ({ nn, check }));
  const out = new Map<string, Finding[]>();
  for (const [prefix, which] of [["FLAG", "flag"], ["SEG", "segment"]] as const) {
    const bound = checks.map(({ nn, check }) => {
      const list: Finding[] = [];
      out.set(`${prefix}${nn}`, list);
      const report: Report = (loc, message, hint) => list.push({ loc, message, ...(hint ? { hint } : {}) });
      return (c: Condition) => check(c, repo, report, ctx);
    });
    forEachCondition(repo, which, (c) => {
      for (const run of bound) run(c);
    });
  }
  return out;
}

/**
 * A check on condition nodes, run in flag rules (code FLAG<nn>) and in segments (code SEG<nn>), so a
 * diagnostic's code tells which kind of file it is about and both share one number.
 */
export function conditionRules(nn: string, severity: Severity, description: string, hint: string, check: ConditionCheck): [LintRule, LintRule] {
  const make = (prefix: "FLAG" | "SEG", where: string): LintRule => ({
    ...defineRule(`${prefix}${nn}`, severity, `${description.replace(/\.$/, "")} (in ${where}).`, hint, (repo, report, ctx) => {
      for (const f of ctx.memo("conditions", () => walkOnce(repo, ctx)).get(`${prefix}${nn}`) ?? []) report(f.loc, f.message, f.hint);
    }),
    condition: { nn, check },
  });
  return [make("FLAG", "a flag rule"), make("SEG", "a segment")];
}
