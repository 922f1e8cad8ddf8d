// What an evaluation returns. Reasons and error codes are data; evaluation never throws.
import type { JsonValue } from "../model.js";

export type ReasonKind = "STATIC" | "DEFAULT" | "RULE_MATCH" | "FALLTHROUGH" | "SPLIT" | "ERROR";

/** OpenFeature's error codes, so the SDK's provider can pass them through unchanged (TYPE_MISMATCH is the
 * provider's: a typed resolve of a flag of another type; the engine itself never produces it). */
export type ErrorCode =
  | "FLAG_NOT_FOUND"
  | "TYPE_MISMATCH"
  | "TARGETING_KEY_MISSING"
  | "INVALID_CONTEXT"
  | "PARSE_ERROR"
  | "GENERAL";

export interface Reason {
  kind: ReasonKind;
  /** RULE_MATCH, and SPLIT when the rollout is a rule's serve. */
  ruleIndex?: number;
  ruleName?: string;
  /** SPLIT: the unit's bucket in [0, 100000). */
  bucket?: number;
  errorCode?: ErrorCode;
  errorMessage?: string;
}

/** Every reason the engine gives is built here: the key order is part of the JSON output. */
export const Reasons = {
  static: (): Reason => ({ kind: "STATIC" }),
  default: (): Reason => ({ kind: "DEFAULT" }),
  /** A rule's value (RULE_MATCH), or the fallthrough's when there is no rule index. */
  served: (ruleIndex?: number, ruleName?: string): Reason =>
    ruleIndex === undefined ? { kind: "FALLTHROUGH" } : ruleName === undefined ? { kind: "RULE_MATCH", ruleIndex } : { kind: "RULE_MATCH", ruleIndex, ruleName },
  /** A rollout's pick, in a rule or the fallthrough. */
  split: (bucket: number, ruleIndex?: number, ruleName?: string): Reason =>
    ruleIndex === undefined ? { kind: "SPLIT", bucket } : ruleName === undefined ? { kind: "SPLIT", ruleIndex, bucket } : { kind: "SPLIT", ruleIndex, ruleName, bucket },
  error: (errorCode: ErrorCode, errorMessage: string): Reason => ({ kind: "ERROR", errorCode, errorMessage }),
  /** `split` with the rule fixed, chosen once per rollout: its hot path then builds one shape without branching. */
  splitOf: (ruleIndex?: number, ruleName?: string): ((bucket: number) => Reason) =>
    ruleIndex === undefined
      ? (bucket) => ({ kind: "SPLIT", bucket })
      : ruleName === undefined
        ? (bucket) => ({ kind: "SPLIT", ruleIndex, bucket })
        : (bucket) => ({ kind: "SPLIT", ruleIndex, ruleName, bucket }),
};

/** A result serving `variation` (absent: an unknown flag, value null); `version` only when known. */
export function evalResult(key: string, variation: { name: string; value: JsonValue } | undefined, reason: Reason, version?: string): EvalResult {
  const r: EvalResult = variation ? { key, value: variation.value, variation: variation.name, reason } : { key, value: null, reason };
  if (version !== undefined) r.version = version;
  return r;
}

export interface EvalResult {
  key: string;
  value: JsonValue;
  /** The served variation's name; absent only for an unknown flag. */
  variation?: string;
  reason: Reason;
  /** The release version, when the evaluator was given one. */
  version?: string;
}

export type Context = Readonly<Record<string, unknown>>;

/** An evaluation problem; thrown inside compiled code and turned into an ERROR result at the flag boundary. */
export class EvalFault {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    /** A prerequisite cycle: every flag on the cycle reports ERROR, not just the one that noticed it. */
    readonly cycle = false,
  ) {}

  /** Anything thrown inside compiled code, as a fault: a non-fault is an engine bug, reported as GENERAL. */
  static from(e: unknown): EvalFault {
    return e instanceof EvalFault ? e : new EvalFault("GENERAL", `internal error: ${String(e)}`);
  }
}
