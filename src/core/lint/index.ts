// The semantic lint: rules beyond what the JSON Schemas can say. Each rule lives in its own file and is listed
// in `rules`; codes are stable and documented in docs/diagnostics.md.
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Repo } from "../model.js";

export interface LintContext {
  /** Today's date (YYYY-MM-DD) in UTC, for expiry rules; core has no clock. */
  today: string;
  /**
   * Flags and segments whose files exist but had errors, so they are missing from the repo. Rules should not
   * report references to them as unknown: the file's own errors already explain it.
   */
  broken: { flags: ReadonlySet<string>; segments: ReadonlySet<string> };
}

export interface LintRule {
  /** Stable code, e.g. FLAG012. */
  code: string;
  severity: Severity;
  /** One line: what the rule finds. */
  description: string;
  /** One line: how to fix what it finds. */
  hint: string;
  check(repo: Repo, ctx: LintContext): Diagnostic[];
}

/** Every lint rule, in code order. */
export const rules: LintRule[] = [];

export function lintRepo(repo: Repo, ctx: LintContext, registry: readonly LintRule[] = rules): Diagnostic[] {
  return registry.flatMap((rule) => rule.check(repo, ctx));
}
