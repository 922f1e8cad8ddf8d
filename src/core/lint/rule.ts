import { diag, type Diagnostic, type Severity } from "../diagnostic.js";
import type { Loc, Repo } from "../model.js";
import type { LintContext, LintRule } from "./types.js";

/** What a rule's body gets: a reporter bound to the rule's code, severity and default hint. */
export type Report = (loc: Loc, message: string, hint?: string) => void;

export function defineRule(
  code: string,
  severity: Severity,
  description: string,
  hint: string,
  body: (repo: Repo, report: Report, ctx: LintContext) => void,
): LintRule {
  return {
    code,
    severity,
    description,
    hint,
    check(repo, ctx) {
      const out: Diagnostic[] = [];
      body(repo, (loc, message, h) => out.push(diag(code, severity, loc, message, h ?? hint)), ctx);
      return out;
    },
  };
}
