import type { Severity } from "../diagnostic.js";
import type { Condition, Loc, Repo } from "../model.js";
import { defineRule, type Report } from "./rule.js";
import type { LintContext, LintRule } from "./types.js";
import { forEachCondition } from "./walk.js";

type Check = (c: Condition, repo: Repo, report: Report, ctx: LintContext) => void;
type Finding = { loc: Loc; message: string; hint?: string };

const checks: { nn: string; check: Check }[] = [];

// All condition checks run in one walk over the repo's conditions, the first time any of them is asked;
// each rule then hands out its own findings. 18 separate walks of 10,000 flags cost more than the checks.
const findingsCache = new WeakMap<Repo, { ctx: LintContext; byCode: Map<string, Finding[]> }>();

function findings(repo: Repo, ctx: LintContext): Map<string, Finding[]> {
  const hit = findingsCache.get(repo);
  if (hit && hit.ctx.broken === ctx.broken && hit.ctx.today === ctx.today) return hit.byCode;
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
  findingsCache.set(repo, { ctx, byCode: out });
  return out;
}

/**
 * A check on condition nodes, run in flag rules (code FLAG<nn>) and in segments (code SEG<nn>), so a
 * diagnostic's code tells which kind of file it is about and both share one number.
 */
export function conditionRules(nn: string, severity: Severity, description: string, hint: string, check: Check): [LintRule, LintRule] {
  if (!checks.some((c) => c.nn === nn)) checks.push({ nn, check });
  const make = (prefix: "FLAG" | "SEG", where: string) =>
    defineRule(`${prefix}${nn}`, severity, `${description.replace(/\.$/, "")} (in ${where}).`, hint, (repo, report, ctx) => {
      for (const f of findings(repo, ctx).get(`${prefix}${nn}`) ?? []) report(f.loc, f.message, f.hint);
    });
  return [make("FLAG", "a flag rule"), make("SEG", "a segment")];
}
