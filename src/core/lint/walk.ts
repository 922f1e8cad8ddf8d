import type { Condition, Flag, Repo, Rule, Serve } from "../model.js";

/** Where a served value sits, for messages: "prod fallthrough", "prod rule #2". */
export interface ServeSite {
  env: string;
  rule?: Rule;
  serve: Serve;
}

export function describeSite(site: ServeSite): string {
  if (site.rule) return `${site.env} rule #${site.rule.index + 1}${site.rule.name ? ` (${site.rule.name})` : ""}`;
  return `${site.env} fallthrough`;
}

export function forEachServe(flag: Flag, visit: (site: ServeSite) => void): void {
  for (const [env, config] of Object.entries(flag.environments)) {
    if (config.kind === "static") {
      visit({ env, serve: config.serve });
      continue;
    }
    for (const rule of config.rules) visit({ env, rule, serve: rule.serve });
    visit({ env, serve: config.fallthrough });
  }
}

/** Every rule condition of a flag (segments have one condition each: `segment.if`). */
export function forEachRuleCondition(flag: Flag, visit: (cond: Condition, env: string, rule: Rule) => void): void {
  for (const [env, config] of Object.entries(flag.environments)) {
    if (config.kind === "rules") for (const rule of config.rules) visit(rule.if, env, rule);
  }
}

/** Depth-first over a condition tree, leaves included. */
export function walkCondition(cond: Condition, visit: (c: Condition) => void): void {
  visit(cond);
  if (cond.kind === "all" || cond.kind === "any") for (const c of cond.of) walkCondition(c, visit);
  else if (cond.kind === "not") walkCondition(cond.of, visit);
}

/** Every condition node in the flags' rules, or in the segments. */
export function forEachCondition(repo: Repo, which: "flag" | "segment", visit: (c: Condition) => void): void {
  if (which === "flag") {
    for (const flag of repo.flags.values()) forEachRuleCondition(flag, (cond) => walkCondition(cond, visit));
  } else {
    for (const seg of repo.segments.values()) walkCondition(seg.if, visit);
  }
}
