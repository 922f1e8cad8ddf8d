import type { Flag, Loc, Project, Repo, Rule } from "../model.js";
import { alwaysFalse, alwaysTrue, canonical, canonicalServe } from "./condition-logic.js";
import { defineRule, type Report } from "./rule.js";
import type { LintRun } from "./types.js";

type Kind = "unreachable" | "duplicate" | "redundant" | "deadFallthrough";
type Finding = { kind: Kind; loc: Loc; message: string };

const label = (r: Rule) => `rule #${r.index + 1}${r.name ? ` (${r.name})` : ""}`;

/** Everything the four rule-order checks find in one flag, computed in one pass over its rules. */
function analyze(flag: Flag, project: Project): Finding[] {
  const out: Finding[] = [];
  for (const [env, config] of Object.entries(flag.environments)) {
    if (config.kind !== "rules" || config.rules.length === 0) continue;
    const seen = new Map<string, Rule>();
    const serves = config.rules.map((r) => canonicalServe(r.serve));
    let catchAll: Rule | undefined;
    for (const rule of config.rules) {
      const key = canonical(rule.if);
      const same = seen.get(key);
      const at = (kind: Kind, why: string) => out.push({ kind, loc: rule.loc, message: `${env} ${label(rule)} ${why}` });
      if (catchAll) at("unreachable", `is unreachable: ${label(catchAll)} matches every context`);
      else if (same && serves[same.index] === serves[rule.index]) at("duplicate", `is a duplicate: it repeats ${label(same)}, condition and serve`);
      else if (same) at("unreachable", `is unreachable: ${label(same)} has the same condition`);
      else if (alwaysFalse(rule.if, project, env)) at("unreachable", `never matches: its condition cannot hold in ${env}`);
      if (!same) seen.set(key, rule);
      if (!catchAll && alwaysTrue(rule.if, project, env)) catchAll = rule;
    }
    const fall = canonicalServe(config.fallthrough);
    for (let i = config.rules.length - 1; i >= 0 && serves[i] === fall; i--) {
      out.push({ kind: "redundant", loc: config.rules[i].loc, message: `${env} ${label(config.rules[i])} serves the same as the fallthrough` });
    }
    if (catchAll) {
      out.push({ kind: "deadFallthrough", loc: config.fallthrough.loc, message: `${env} fallthrough is never served: ${label(catchAll)} matches every context` });
    }
  }
  return out;
}

/** The four rules share one pass over every flag per lint run. */
const reportKind = (kind: Kind) => (repo: Repo, report: Report, ctx: LintRun) => {
  const all = ctx.memo("reachability", () => [...repo.flags.values()].flatMap((flag) => analyze(flag, repo.project)));
  for (const f of all) if (f.kind === kind) report(f.loc, f.message);
};

export const unreachableRule = defineRule(
  "FLAG013", "error",
  "A rule can never match: an earlier rule has the same condition, an earlier rule's condition is always true, or its own condition is always false.",
  "remove the rule, or change its condition or move it above the rule that shadows it",
  reportKind("unreachable"),
);

export const duplicateRule = defineRule(
  "FLAG014", "warning",
  "A rule repeats an earlier rule of the same environment (same condition, same serve).",
  "delete the repeated rule",
  reportKind("duplicate"),
);

export const redundantLastRule = defineRule(
  "FLAG015", "warning",
  "The last rules of an environment serve exactly what the fallthrough `serve` does, so they change nothing.",
  "delete the rule; the fallthrough already serves that",
  reportKind("redundant"),
);

export const deadFallthrough = defineRule(
  "FLAG016", "warning",
  "A rule whose condition is always true comes before the fallthrough, so the fallthrough `serve` is never used.",
  "make the catch-all rule the fallthrough `serve`, or narrow its condition",
  reportKind("deadFallthrough"),
);
