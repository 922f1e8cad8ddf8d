// The compiled form of one environment: what `flagctl build` writes to releases/<v>/envs/<env>.json and what
// the SDK loads. Self-contained (segments and attribute declarations it needs are inside), deterministic, and
// free of source locations except rule names and indexes that explanations show.
import type { AttrType, FlagType, JsonValue, Scalar } from "../model.js";

/** Bump when the IR changes incompatibly; loaders refuse other versions. */
export const IR_FORMAT = 1;

export interface EnvModel {
  format: typeof IR_FORMAT;
  env: string;
  /** Attributes that conditions or rollouts of this env name, plus `env`. */
  attributes: Record<string, AttrDeclIR>;
  /** Segments that this env's flags use, directly or through other segments. */
  segments: Record<string, CondIR>;
  flags: Record<string, FlagIR>;
  /**
   * flagctl.yaml's runtime.targetingKey: the attribute OpenFeature's targetingKey fills in runtimes. Present
   * only when the project sets it (absent means "user"), so releases of projects without it keep their bytes.
   */
  targetingKey?: string;
}

export interface AttrDeclIR {
  type: AttrType;
  values?: string[];
  static: boolean;
}

/** A variation index: into the flag's `variations`. */
export type VarIndex = number;

export interface VariationIR {
  /** "true"/"false" for booleans, String(value) for strings and numbers, the declared name for json. */
  name: string;
  value: JsonValue;
}

export interface FlagIR {
  key: string;
  type: FlagType;
  /** The flag's salt (explicit, else the key). */
  salt: string;
  /** Every value this flag can serve, default included. */
  variations: VariationIR[];
  default: VarIndex;
  /**
   * Who owns the flag and when it should go, copied from the flag file so `flagctl diff` can show changes to
   * them between releases; absent when the file sets none of these. Never read by evaluation.
   */
  meta?: FlagMetaIR;
  /** Absent: this env has no config, the default is served (reason DEFAULT). */
  config?: EnvConfigIR;
}

export interface FlagMetaIR {
  owner?: string;
  /** YYYY-MM-DD as written. */
  expires?: string;
  kind?: string;
  description?: string;
}

export type EnvConfigIR =
  | { kind: "static"; serve: VarIndex }
  | { kind: "rules"; rules: RuleIR[]; fallthrough: ServeIR };

export interface RuleIR {
  /** 0-based position as written. */
  index: number;
  name?: string;
  if: CondIR;
  serve: ServeIR;
}

export type ServeIR =
  | { kind: "value"; variation: VarIndex }
  | {
      kind: "rollout";
      by: string;
      salt: string;
      /** In the order written; weights in thousandths of a percent, summing to 100000 in a valid repo. */
      weights: { variation: VarIndex; weight: number }[];
    };

export type CondIR =
  | { kind: "all"; of: CondIR[] }
  | { kind: "any"; of: CondIR[] }
  | { kind: "not"; of: CondIR }
  | { kind: "segment"; names: string[] }
  | { kind: "flag"; key: string; value: JsonValue }
  | AttrCondIR;

export type AttrCondIR =
  | { kind: "attr"; attr: string; op: "eq"; value: Scalar }
  | { kind: "attr"; attr: string; op: "in" | "notIn"; values: Scalar[] }
  | { kind: "attr"; attr: string; op: "startsWith" | "endsWith" | "contains" | "glob" | "regex"; value: string }
  | { kind: "attr"; attr: string; op: "lt" | "lte" | "gt" | "gte"; value: number }
  | { kind: "attr"; attr: string; op: "semver"; range: string }
  | { kind: "attr"; attr: string; op: "before" | "after"; time: string }
  | { kind: "attr"; attr: string; op: "exists"; value: boolean };
