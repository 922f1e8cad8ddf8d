import type { Severity } from "../diagnostic.js";
import type { Condition, Repo } from "../model.js";
import { defineRule, type Report } from "./rule.js";
import type { LintRule } from "./types.js";
import { forEachCondition } from "./walk.js";

/**
 * A check on condition nodes, run in flag rules (code FLAG<nn>) and in segments (code SEG<nn>), so a
 * diagnostic's code tells which kind of file it is about and both share one number.
 */
export function conditionRules(
  nn: string,
  severity: Severity,
  description: string,
  hint: string,
  check: (c: Condition, repo: Repo, report: Report) => void,
): [LintRule, LintRule] {
  const make = (prefix: "FLAG" | "SEG", which: "flag" | "segment") =>
    defineRule(`${prefix}${nn}`, severity, `${description} (in ${which === "flag" ? "a flag rule" : "a segment"})`, hint, (repo, report) =>
      forEachCondition(repo, which, (c) => check(c, repo, report)),
    );
  return [make("FLAG", "flag"), make("SEG", "segment")];
}
