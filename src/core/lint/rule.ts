import { diag, type Diagnostic, type Severity } from "../diagnostic.js";
import type { Repo } from "../model.js";
import type { LintRule, LintRun, Report } from "./types.js";

export type { Report } from "./types.js";

export function defineRule(
  code: string,
  severity: Severity,
  description: string,
  hint: string,
  body: (repo: Repo, report: Report, ctx: LintRun) => void,
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
