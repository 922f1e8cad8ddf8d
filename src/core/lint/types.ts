import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Repo } from "../model.js";

export interface LintContext {
  /** The evaluation day, YYYY-MM-DD (UTC); expiry rules compare against it. */
  today: string;
  /**
   * Flags and segments whose files exist but did not load (their own diagnostics say why), so they are missing
   * from the repo. Rules do not report references to them as unknown.
   */
  broken?: { flags: ReadonlySet<string>; segments: ReadonlySet<string> };
}

export type LintRule = {
  code: string;
  severity: Severity;
  description: string;
  hint: string;
  check(repo: Repo, ctx: LintContext): Diagnostic[];
};
