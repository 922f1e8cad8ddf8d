import type { ValidateFunction } from "ajv";
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Condition, Loc, Repo } from "../model.js";

export interface LintContext {
  /** The evaluation day, YYYY-MM-DD (UTC); expiry rules compare against it. */
  today: string;
  /**
   * Flags and segments whose files exist but did not load (their own diagnostics say why), so they are missing
   * from the repo. Rules do not report references to them as unknown.
   */
  broken?: { flags: ReadonlySet<string>; segments: ReadonlySet<string> };
  /** JSON Schema meta-schema validators compiled at build time, keyed by meta-schema URI (json-schema.ts). */
  metaSchemas?: MetaSchemas;
}

/** Precompiled validators of the JSON Schema dialects' meta-schemas: compiling one costs ~60 ms a run. */
export type MetaSchemas = Readonly<Record<string, ValidateFunction>>;

/** What a rule sees during one lint run: the context, every rule of the run, and the run's memo. */
export interface LintRun extends LintContext {
  rules: readonly LintRule[];
  /** Work shared by rules (one walk over every condition, each schema or literal checked once): computed on
   * first use and dropped with the run. */
  memo<T>(key: string, compute: () => T): T;
}

export type LintRule = {
  code: string;
  severity: Severity;
  description: string;
  hint: string;
  check(repo: Repo, ctx: LintRun): Diagnostic[];
  /** A check on condition nodes: every rule of a run that has one shares a single walk (condition-rule.ts). */
  condition?: { nn: string; check: ConditionCheck };
};

export type ConditionCheck = (c: Condition, repo: Repo, report: Report, ctx: LintRun) => void;

/** What a rule's body gets: a reporter bound to the rule's code, severity and default hint. */
export type Report = (loc: Loc, message: string, hint?: string) => void;
