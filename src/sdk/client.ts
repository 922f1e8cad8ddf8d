// The SDK client: synchronous typed getters over the fetch loop's current release. A getter reads
// `loop.current` once, so one evaluation never mixes two releases, and never throws: an unknown flag, a
// getter of the wrong type or nothing loaded yet give the caller's fallback with an error code.
import { EventEmitter } from "node:events";
import type { Context, EvalResult, ReasonKind } from "../core/eval/index.js";
import type { FlagType, JsonValue } from "../core/model.js";
import { FetchLoop, type RuntimeEvents, type RuntimeOptions, type RuntimeStatus } from "./fetchLoop.js";

export type ErrorCode = "FLAG_NOT_FOUND" | "TYPE_MISMATCH" | "PROVIDER_NOT_READY" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "PARSE_ERROR" | "GENERAL";

export interface Detail<T = JsonValue> {
  value: T;
  /** The served variation's name; null when the fallback was returned. */
  variation: string | null;
  reason: ReasonKind;
  errorCode?: ErrorCode;
  errorMessage?: string;
  /** RULE_MATCH (and SPLIT inside a rule): which rule served. */
  ruleIndex?: number;
  ruleName?: string;
  /** The release that answered; null before one loaded. */
  version: string | null;
}

export type EvaluationHook = (key: string, result: Detail, version: string | null) => void;

export interface EvaluationSink {
  record: EvaluationHook;
  /** Called by client.close(): deliver what is buffered. */
  close?(): Promise<void> | void;
}

export interface ClientOptions extends RuntimeOptions {
  /** Called after every getter and detail() call, for exposure logging; a throwing hook is ignored. */
  onEvaluation?: EvaluationHook | EvaluationSink;
}

const EMPTY: Context = Object.freeze({});

export class Client extends EventEmitter<RuntimeEvents> {
  /** The fetch loop behind the client (the agent and tests use it directly). */
  readonly loop: FetchLoop;
  private readonly hook: EvaluationHook | undefined;
  private readonly sink: EvaluationSink | undefined;

  constructor(options: ClientOptions) {
    super();
    this.loop = new FetchLoop(options);
    const h = options.onEvaluation;
    this.sink = typeof h === "object" && h !== null ? h : undefined;
    this.hook = typeof h === "function" ? h : this.sink ? (k, r, v) => this.sink!.record(k, r, v) : undefined;
    for (const name of ["ready", "changed", "stale", "recovered", "rejected", "poll", "warning"] as const) {
      this.loop.on(name, (...args: unknown[]) => (this.emit as (n: string, ...a: unknown[]) => boolean)(name, ...args));
    }
    this.loop.start();
  }

  /** Resolves true once a release is loaded (store or cache), false after initTimeout. Never rejects. */
  ready(): Promise<boolean> {
    return this.loop.ready();
  }

  get status(): RuntimeStatus {
    return this.loop.status;
  }

  /** The running release's version, for logging with every request; null before one loads. */
  get version(): string | null {
    return this.loop.current?.version ?? null;
  }

  // The typed getters skip building a Detail when no hook wants one: this is the hot path.
  boolean(key: string, ctx: Context, fallback: boolean): boolean {
    const cur = this.loop.current;
    if (cur === null || this.hook !== undefined) return this.resolve(key, ctx, fallback, "boolean").value;
    const v = cur.evaluator.evaluate(key, ctx ?? EMPTY).value;
    return typeof v === "boolean" ? v : fallback;
  }

  string(key: string, ctx: Context, fallback: string): string {
    const cur = this.loop.current;
    if (cur === null || this.hook !== undefined) return this.resolve(key, ctx, fallback, "string").value;
    const v = cur.evaluator.evaluate(key, ctx ?? EMPTY).value;
    return typeof v === "string" ? v : fallback;
  }

  number(key: string, ctx: Context, fallback: number): number {
    const cur = this.loop.current;
    if (cur === null || this.hook !== undefined) return this.resolve(key, ctx, fallback, "number").value;
    const v = cur.evaluator.evaluate(key, ctx ?? EMPTY).value;
    return typeof v === "number" ? v : fallback;
  }

  json<T = JsonValue>(key: string, ctx: Context, fallback: T): T {
    return this.resolve(key, ctx, fallback, "json").value;
  }

  /**
   * Value, variation, reason and version. A boolean, string or number fallback also checks the flag's type
   * (TYPE_MISMATCH); any other fallback accepts every type.
   */
  detail<T = JsonValue>(key: string, ctx: Context, fallback: T, type?: FlagType): Detail<T> {
    const t = type ?? (typeof fallback === "boolean" || typeof fallback === "string" || typeof fallback === "number" ? (typeof fallback as FlagType) : undefined);
    return this.resolve(key, ctx, fallback, t);
  }

  /** Every flag of the running release for one context (e.g. to bootstrap a browser); {} before one loads. */
  all(ctx: Context): Record<string, Detail> {
    const cur = this.loop.current;
    if (cur === null) return {};
    const out: Record<string, Detail> = {};
    for (const r of cur.evaluator.evaluateList(ctx)) out[r.key] = toDetail(r, cur.version);
    return out;
  }

  /** Stops polling, releases timers and sockets, and flushes evaluation events. */
  async close(): Promise<void> {
    await this.loop.close();
    await this.sink?.close?.();
  }

  private resolve<T>(key: string, ctx: Context, fallback: T, type: FlagType | undefined): Detail<T> {
    const cur = this.loop.current;
    let d: Detail<T>;
    if (cur === null) d = miss(fallback, "PROVIDER_NOT_READY", `no release of ${this.loop.env} is loaded yet`, null);
    else {
      const ev = cur.evaluator;
      const flag = ev.flag(key);
      if (flag === undefined) d = miss(fallback, "FLAG_NOT_FOUND", `flag "${key}" is not defined in ${this.loop.env} (release ${cur.version})`, cur.version);
      else if (type === "json" && flag.type !== "json") d = miss(fallback, "TYPE_MISMATCH", `flag "${key}" is a ${flag.type} flag, read as json`, cur.version);
      else {
        const r = ev.evaluate(key, ctx ?? EMPTY);
        // A primitive read checks the served value itself, as the fast getters do.
        if (type !== undefined && type !== "json" && typeof r.value !== type) {
          d = miss(fallback, "TYPE_MISMATCH", `flag "${key}" served a ${flag.type} value, read as ${type}`, cur.version);
        } else d = toDetail(r, cur.version) as Detail<T>;
      }
    }
    if (this.hook !== undefined) {
      try {
        this.hook(key, d as Detail, d.version);
      } catch {
        /* exposure logging must never break a request */
      }
    }
    return d;
  }
}

export function createClient(options: ClientOptions): Client {
  return new Client(options);
}

function miss<T>(fallback: T, errorCode: ErrorCode, errorMessage: string, version: string | null): Detail<T> {
  return { value: fallback, variation: null, reason: "ERROR", errorCode, errorMessage, version };
}

function toDetail(r: EvalResult, version: string): Detail {
  const d: Detail = { value: r.value, variation: r.variation ?? null, reason: r.reason.kind, version };
  if (r.reason.errorCode !== undefined) d.errorCode = r.reason.errorCode;
  if (r.reason.errorMessage !== undefined) d.errorMessage = r.reason.errorMessage;
  if (r.reason.ruleIndex !== undefined) d.ruleIndex = r.reason.ruleIndex;
  if (r.reason.ruleName !== undefined) d.ruleName = r.reason.ruleName;
  return d;
}
