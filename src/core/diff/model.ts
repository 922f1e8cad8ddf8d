// What `flagctl diff` reports: plain data, the same for every source (working tree, git revision, release,
// deployed state) because every side is reduced to a compiled EnvModel first. The JSON format is this object.

export type ChangeKind =
  | "flag-added"
  | "flag-removed"
  | "type"
  | "default"
  | "variation-added"
  | "variation-removed"
  | "variation-changed"
  | "config-added"
  | "config-removed"
  | "config-kind"
  | "value"
  | "rule-added"
  | "rule-removed"
  | "rule-condition"
  | "rule-serve"
  | "rules-reordered"
  | "fallthrough"
  | "salt"
  | "owner"
  | "expires"
  | "kind"
  | "description"
  /** A segment the flag's rules use (directly or through other segments) was added, removed or changed. */
  | "segment";

/** Who a change concerns and what share of them gets a different value. */
export interface Impact {
  /** Who the change concerns: "everyone", "units matching no rule", or a condition. */
  audience: string;
  /** Percentage (0-100) of that audience whose value changes; absent when it cannot be computed. */
  share?: number;
  /** True when `share` follows exactly from the bucket ranges; false for an estimate (salt or `by` changed). */
  exact?: boolean;
}

export interface Change {
  kind: ChangeKind;
  /** One readable line, without the flag key. */
  text: string;
  impact?: Impact;
  /** Rules reordered: true only when provably nobody's value changes. */
  harmless?: boolean;
}

export interface SampleCount {
  /** Contexts whose value of this flag differs between the sides. */
  changed: number;
  total: number;
}

export interface FlagDiff {
  key: string;
  status: "added" | "removed" | "changed";
  changes: Change[];
  /** With sample contexts (--sample or the repo's golden tests): how many change value. */
  sample?: SampleCount;
}

export interface Breaking {
  env: string;
  flag: string;
  /** The deployed release that still serves what is removed, e.g. "stable v20261121.120000-abc1234". */
  deployed: string;
  message: string;
}

export interface SegmentDiff {
  name: string;
  status: "added" | "removed" | "changed";
  text: string;
}

export interface EnvDiff {
  env: string;
  /** Labels of the two sides, e.g. "prod@HEAD~1" and "prod (working tree)". */
  from: string;
  to: string;
  flags: FlagDiff[];
  /** Segments (of those this env's flags use) whose condition differs. */
  segments: SegmentDiff[];
  summary: { added: number; removed: number; changed: number };
  /** Sample contexts evaluated for this env and how many changed at least one flag's value. */
  sample?: SampleCount & { source: string };
}

export interface BreakingCheck {
  status: "done" | "skipped";
  /** Why it was skipped, or what was checked. */
  detail: string;
  found: Breaking[];
  /** --allow-breaking was given. */
  allowed: boolean;
}

export interface DiffReport {
  from: string;
  to: string;
  envs: EnvDiff[];
  breaking: BreakingCheck;
  /** With --code: flags this change removes that code still references. */
  stillReferenced?: StillReferenced[];
}

export interface StillReferenced {
  key: string;
  count: number;
  /** The first references, "file:line". */
  where: string[];
}

export const hasDifferences = (r: DiffReport): boolean => r.envs.some((e) => e.flags.length > 0);
