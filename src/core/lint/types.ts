import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Repo } from "../model.js";

export interface LintContext {
  /** The evaluation day, YYYY-MM-DD (UTC); expiry rules compare against it. */
  today: string;
}

export type LintRule = {
  code: string;
  severity: Severity;
  description: string;
  hint: string;
  check(repo: Repo, ctx: LintContext): Diagnostic[];
};
