// What `flagctl test` reports: one outcome per golden test and per functional check. Plain JSON data; the
// `--format json` output is exactly an array of these, so field names are part of the CLI's contract.
import type { JsonValue } from "../model.js";

export type TestStatus = "passed" | "failed" | "skipped";

interface Where {
  name: string;
  /** Repo-relative file and the 1-based position the outcome points at. */
  file: string;
  line: number;
  column: number;
}

export interface ExactExpectation {
  flag: string;
  /** Line of the `expect:` entry. */
  line: number;
  expected: JsonValue;
  actual: JsonValue;
  variation: string | null;
  /** The evaluation's reason as one line, e.g. `RULE_MATCH rule 0 "staff first"`. */
  reason: string;
  passed: boolean;
}

export interface ExactOutcome extends Where {
  kind: "exact";
  env: string;
  status: TestStatus;
  /** Why the test could not run at all (e.g. an unknown environment). */
  message?: string;
  expectations: ExactExpectation[];
}

export interface PopulationShare {
  variation: string;
  line?: number;
  /** Expected percentage; null for a variation the test did not name (reported, never a failure). */
  expected: number | null;
  /** Observed percentage, rounded to 3 decimals. */
  actual: number;
  passed: boolean;
}

export interface PopulationOutcome extends Where {
  kind: "population";
  env: string;
  flag: string;
  size: number;
  vary: string;
  tolerance: number;
  status: TestStatus;
  message?: string;
  shares: PopulationShare[];
  /** Units that evaluated with reason ERROR (they served the default). */
  errors: number;
}

export interface CheckOutcome extends Where {
  kind: "check";
  flag: string;
  check: "url-exists";
  pointer: string;
  /** The URL checked; null when the value at the pointer is not a string. */
  url: string | null;
  /** The served variations (by name) and environments that hold this URL. */
  variations: string[];
  envs: string[];
  status: TestStatus;
  /** Failure or skip reason, e.g. "HTTP 404", "skipped (--offline)". */
  message?: string;
}

export type TestOutcome = ExactOutcome | PopulationOutcome | CheckOutcome;

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  results: TestOutcome[];
}

export function summarise(results: TestOutcome[]): TestSummary {
  const n = (s: TestStatus) => results.filter((r) => r.status === s).length;
  return { passed: n("passed"), failed: n("failed"), skipped: n("skipped"), results };
}

/** Exactly `N passed, N failed` (plus `, N skipped` when something was skipped), so scripts can grep it. */
export function summaryLine(s: TestSummary): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ""}`;
}
