import type { EnvConfig, Flag, Rule } from "../model.js";
import { alwaysTrue, canonical, canonicalServe } from "./condition-logic.js";
import { defineRule } from "./rule.js";

type Finding = { kind: "unreachable" | "duplicate"; rule: Rule; earlier: Rule; why: string };

const label = (r: Rule) => `rule #${r.index + 1}${r.name ? ` (${r.name})` : ""}`;

function shadowed(config: EnvConfig & { kind: "rules" }, project: Parameters<typeof alwaysTrue>[1]): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, Rule>();
  let catchAll: Rule | undefined;
  for (const rule of config.rules) {
    const key = canonical(rule.if);
    const same = seen.get(key);
    if (catchAll) out.push({ kind: "unreachable", rule, earlier: catchAll, why: `${label(catchAll)} matches every context` });
    else if (same && canonicalServe(same.serve) === canonicalServe(rule.serve)) {
      out.push({ kind: "duplicate", rule, earlier: same, why: `it repeats ${label(same)}, condition and serve` });
    } else if (same) out.push({ kind: "unreachable", rule, earlier: same, why: `${label(same)} has the same condition` });
    if (!same) seen.set(key, rule);
    if (!catchAll && alwaysTrue(rule.if, project)) catchAll = rule;
  }
  return out;
}

function forEachRulesEnv(flags: Iterable<Flag>, visit: (config: EnvConfig & { kind: "rules" }, env: string, flag: Flag) => void) {
  for (const flag of flags) {
    for (const [env, config] of Object.entries(flag.environments)) if (config.kind === "rules") visit(config, env, flag);
  }
}

export const unreachableRule = defineRule(
  "FLAG013", "error",
  "A rule can never match: an earlier rule has the same condition, or an earlier rule's condition is always true.",
  "remove the rule, or change its condition or move it above the rule that shadows it",
  (repo, report) => {
    forEachRulesEnv(repo.flags.values(), (config, env) => {
      for (const f of shadowed(config, repo.project)) {
        if (f.kind === "unreachable") report(f.rule.loc, `${env} ${label(f.rule)} is unreachable: ${f.why}`);
      }
    });
  },
);

export const duplicateRule = defineRule(
  "FLAG014", "warning",
  "A rule repeats an earlier rule of the same environment (same condition, same serve).",
  "delete the repeated rule",
  (repo, report) => {
    forEachRulesEnv(repo.flags.values(), (config, env) => {
      for (const f of shadowed(config, repo.project)) {
        if (f.kind === "duplicate") report(f.rule.loc, `${env} ${label(f.rule)} is a duplicate: ${f.why}`);
      }
    });
  },
);

export const redundantLastRule = defineRule(
  "FLAG015", "warning",
  "The last rules of an environment serve exactly what the fallthrough `serve` does, so they change nothing.",
  "delete the rule; the fallthrough already serves that",
  (repo, report) => {
    forEachRulesEnv(repo.flags.values(), (config, env) => {
      const fall = canonicalServe(config.fallthrough);
      for (let i = config.rules.length - 1; i >= 0 && canonicalServe(config.rules[i].serve) === fall; i--) {
        report(config.rules[i].loc, `${env} ${label(config.rules[i])} serves the same as the fallthrough`);
      }
    });
  },
);

export const deadFallthrough = defineRule(
  "FLAG016", "warning",
  "A rule whose condition is always true comes before the fallthrough, so the fallthrough `serve` is never used.",
  "make the catch-all rule the fallthrough `serve`, or narrow its condition",
  (repo, report) => {
    forEachRulesEnv(repo.flags.values(), (config, env) => {
      const catchAll = config.rules.find((r) => alwaysTrue(r.if, repo.project));
      if (catchAll) report(config.fallthrough.loc, `${env} fallthrough is never served: ${label(catchAll)} matches every context`);
    });
  },
);
