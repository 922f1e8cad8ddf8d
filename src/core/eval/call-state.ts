// Per-call state: the evaluation time (read once per call), the prerequisite memo (each flag evaluated
// at most once per context) and the bucketing unit packed once. Created only for calls that need it.
import { packUnit, type PackedUnit } from "../bucket/packed-unit.js";
import type { Context, EvalResult } from "./result.js";
import { EvalFault } from "./result.js";
import { timeMs } from "./values.js";

export const IN_PROGRESS: unique symbol = Symbol("in progress");

// Parsing an ISO `now` costs more than the time conditions it feeds, and consecutive calls often carry the same
// text (a batch at one instant, a golden test's population): the last one is kept.
let lastNowText: string | undefined;
let lastNowMs = NaN;
function parsedNow(v: unknown): number {
  if (typeof v !== "string") return timeMs(v);
  if (v !== lastNowText) {
    lastNowMs = timeMs(v);
    lastNowText = v;
  }
  return lastNowMs;
}

export interface FlagRunner {
  /** Evaluates `key` for the state's context, catching faults; undefined when the flag does not exist. */
  runFlag(key: string, st: CallState): EvalResult | undefined;
  isCycleResult(r: EvalResult): boolean;
}

export class CallState {
  private nowMs = NaN;
  private firstKey: string | undefined;
  private first: EvalResult | typeof IN_PROGRESS | undefined;
  private memo: Map<string, EvalResult | typeof IN_PROGRESS> | undefined;
  private unit: string | undefined;
  private packed: PackedUnit | undefined;

  constructor(
    readonly ctx: Context,
    private readonly clock: () => number,
    private readonly runner: FlagRunner,
  ) {}

  /** The evaluation time: context attribute `now` (ISO string or epoch ms) when given, else the clock. */
  now(): number {
    if (Number.isNaN(this.nowMs)) {
      const v = this.ctx.now;
      if (v === undefined || v === null) {
        const ms = this.clock();
        if (Number.isNaN(ms)) throw new EvalFault("GENERAL", "no evaluation time: the context has no `now` and no clock was given");
        this.nowMs = ms;
      } else {
        const ms = parsedNow(v);
        if (Number.isNaN(ms)) throw new EvalFault("INVALID_CONTEXT", `context attribute "now" is not a time: ${JSON.stringify(v)}`);
        this.nowMs = ms;
      }
    }
    return this.nowMs;
  }

  /**
   * `unit` packed into words, kept for the next rollout: evaluateAll buckets one unit (the same string, so the
   * comparison is by reference) under every rollout's salt. Undefined on a unit's first use (one rollout, as in a
   * single evaluation, is hashed directly: packing would cost as much again) and for a unit too long to pack.
   */
  packedUnit(unit: string): PackedUnit | undefined {
    if (unit !== this.unit) {
      this.unit = unit;
      this.packed = undefined;
      return undefined;
    }
    return (this.packed ??= packUnit(unit));
  }

  /** The served result of `key` for this context, evaluated once per call. */
  prereq(key: string): EvalResult {
    // Most calls need one prerequisite: it is kept in two fields, the rest in a Map (allocating one per call
    // cost as much as evaluating the prerequisite).
    const seen = this.memoOf(key);
    if (seen === IN_PROGRESS) throw new EvalFault("GENERAL", `prerequisite cycle through flag "${key}"`, true);
    if (seen !== undefined) {
      if (this.runner.isCycleResult(seen)) throw new EvalFault("GENERAL", `prerequisite cycle through flag "${key}"`, true);
      return seen;
    }
    this.remember(key, IN_PROGRESS);
    const r = this.runner.runFlag(key, this);
    if (r === undefined) {
      this.remember(key, undefined);
      throw new EvalFault("GENERAL", `prerequisite flag "${key}" is not defined`);
    }
    this.remember(key, r);
    if (this.runner.isCycleResult(r)) throw new EvalFault("GENERAL", `prerequisite cycle through flag "${key}"`, true);
    return r;
  }

  /** What prereq has seen of `key` this call: its result, IN_PROGRESS while it runs, or undefined. */
  memoOf(key: string): EvalResult | typeof IN_PROGRESS | undefined {
    return key === this.firstKey ? this.first : this.memo?.get(key);
  }

  private remember(key: string, v: EvalResult | typeof IN_PROGRESS | undefined): void {
    if (this.firstKey === undefined || key === this.firstKey) {
      this.firstKey = key;
      this.first = v;
    } else if (v === undefined) this.memo?.delete(key);
    else (this.memo ??= new Map()).set(key, v);
  }
}
