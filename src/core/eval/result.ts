// What an evaluation returns. Reasons and error codes are data; evaluation never throws.
import type { JsonValue } from "../model.js";

export type ReasonKind = "STATIC" | "DEFAULT" | "RULE_MATCH" | "FALLTHROUGH" | "SPLIT" | "ERROR";

/** OpenFeature's error codes, so the SDK's provider can pass them through unchanged. */
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
}
