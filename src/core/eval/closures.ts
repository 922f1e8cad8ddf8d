// The pieces specialised code is made of: condition closures and how they combine, rule chains, and the
// record builder for evaluateAll.
import { jsonEqual } from "../compile/compile-env.js";
import type { FlagIR } from "../compile/ir.js";
import type { JsonValue } from "../model.js";
import { setOwn } from "../own.js";
import type { CallState } from "./call-state.js";
import type { Context, EvalFault, EvalResult } from "./result.js";

export type CondFn = (ctx: Context, st: CallState) => boolean;
export type OutFn = (ctx: Context, st: CallState) => EvalResult;

/** A condition after specialisation: decided (true/false), decided to fail, or left to the request. */
export type PartialCond =
  | { k: "const"; v: boolean }
  | { k: "fault"; f: EvalFault }
  | { k: "dyn"; fn: CondFn; state: boolean };

export type Out = { k: "const"; r: EvalResult } | { k: "fn"; fn: OutFn; state: boolean };

export const FALSE: PartialCond = { k: "const", v: false };
export const TRUE: PartialCond = { k: "const", v: true };

/** AND (`and` true) or OR of parts: decided parts first, then the rest in order, short-circuiting. */
export function combine(parts: PartialCond[], and: boolean): PartialCond {
  const dyn: PartialCond[] = [];
  let fault: PartialCond | undefined;
  for (const p of parts) {
    if (p.k === "const") {
      if (p.v !== and) return p; // false in an AND, true in an OR
    } else if (p.k === "fault") fault ??= p;
    else dyn.push(p);
  }
  if (fault) return fault;
  if (dyn.length === 0) return and ? TRUE : FALSE;
  if (dyn.length === 1) return dyn[0];
  const fns = dyn.map((p) => (p as { fn: CondFn }).fn);
  const state = dyn.some((p) => (p as { state: boolean }).state);
  if (fns.length === 2) {
    const [a, b] = fns;
    return { k: "dyn", state, fn: and ? (c, s) => a(c, s) && b(c, s) : (c, s) => a(c, s) || b(c, s) };
  }
  return {
    k: "dyn",
    state,
    fn: and
      ? (c, s) => {
          for (const f of fns) if (!f(c, s)) return false;
          return true;
        }
      : (c, s) => {
          for (const f of fns) if (f(c, s)) return true;
          return false;
        },
  };
}

export function chain(conds: CondFn[], outs: OutFn[], last: OutFn): OutFn {
  if (conds.length === 0) return last;
  if (conds.length === 1) {
    const [c0] = conds;
    const [o0] = outs;
    return (ctx, st) => (c0(ctx, st) ? o0(ctx, st) : last(ctx, st));
  }
  if (conds.length === 2) {
    const [c0, c1] = conds;
    const [o0, o1] = outs;
    return (ctx, st) => (c0(ctx, st) ? o0(ctx, st) : c1(ctx, st) ? o1(ctx, st) : last(ctx, st));
  }
  const n = conds.length;
  return (ctx, st) => {
    for (let i = 0; i < n; i++) if (conds[i](ctx, st)) return outs[i](ctx, st);
    return last(ctx, st);
  };
}

/** V8 keeps at most this many named properties in an object's fast (map-described) form. */
const FAST_PROPERTIES = 1020;

/**
 * Builds evaluateAll's record, evaluating each flag in place: `constants[i]` when set, else `runs[i]`. Adding 1,000
 * keys one by one to an object costs several times the evaluation itself. Up to FAST_PROPERTIES keys, the record
 * is a spread copy of a template holding every key and the constant results, then one store per evaluated flag:
 * the copy takes the template's shape wholesale, in less than half the time of an object literal with every key. A bigger
 * record is a dictionary however it is built, and a literal builds that one fastest. Falls back to a loop where
 * code generation is disabled or a key would set the prototype.
 * When `onFault` is given, `runs` may throw and the record is built by `onFault` instead. The handler is inside the
 * built function: V8 tiers a function up when it returns, so one that a faulting context left by a throw would
 * stay in the interpreter for every later context.
 */
export function recordBuilder(
  keys: readonly string[],
  constants: readonly (EvalResult | undefined)[],
  runs: readonly (OutFn | undefined)[],
  onFault?: (ctx: Context, st: CallState) => Record<string, EvalResult>,
): (ctx: Context, st: CallState) => Record<string, EvalResult> {
  const loop = (ctx: Context, st: CallState) => {
    const out: Record<string, EvalResult> = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i], constants[i] ?? runs[i]!(ctx, st));
    return out;
  };
  const guarded = onFault
    ? (ctx: Context, st: CallState) => {
        try {
          return loop(ctx, st);
        } catch {
          return onFault(ctx, st);
        }
      }
    : loop;
  if (keys.includes("__proto__")) return guarded;
  const guard = (code: string) => (onFault ? `try { ${code} } catch { return F(c, s); }` : code);
  try {
    const name = keys.map((k) => JSON.stringify(k));
    if (keys.length <= FAST_PROPERTIES) {
      const template = new Function("C", `return ({${name.map((k, i) => `${k}:C[${i}]`).join(",")}});`)(constants) as Record<string, EvalResult>;
      const stores = keys.flatMap((_, i) => (constants[i] === undefined ? [`o[${name[i]}]=R[${i}](c,s);`] : []));
      return new Function("T", "R", "F", `return (c, s) => { const o = {...T}; ${guard(stores.join(""))} return o; };`)(template, runs, onFault) as (
        ctx: Context,
        st: CallState,
      ) => Record<string, EvalResult>;
    }
    const literal = `({${name.map((k, i) => `${k}:${constants[i] !== undefined ? `C[${i}]` : `R[${i}](c,s)`}`).join(",")}})`;
    return new Function("C", "R", "F", `return (c, s) => { ${guard(`return ${literal};`)} };`)(constants, runs, onFault) as (ctx: Context, st: CallState) => Record<string, EvalResult>;
  } catch {
    return guarded;
  }
}

/**
 * Builds evaluateList's list the way recordBuilder builds the record: a copy of a template array holding the
 * constant results, then one store per evaluated flag, each its own call site (a loop's one call site sees every
 * flag's closure and calls them all the slow way). `runs` may throw: then, or where code generation is disabled,
 * `loop` builds the list.
 */
export function listBuilder(
  constants: readonly (EvalResult | undefined)[],
  runs: readonly (OutFn | undefined)[],
  loop: (ctx: Context, st: CallState) => EvalResult[],
): (ctx: Context, st: CallState) => EvalResult[] {
  try {
    const stores = constants.flatMap((r, i) => (r === undefined ? [`o[${i}]=R[${i}](c,s);`] : []));
    return new Function("T", "R", "F", `return (c, s) => { const o = T.slice(); try { ${stores.join("")} } catch { return F(c, s); } return o; };`)(
      constants.slice(),
      runs,
      loop,
    ) as (ctx: Context, st: CallState) => EvalResult[];
  } catch {
    return loop;
  }
}

export function outFn(o: Out): OutFn {
  if (o.k === "fn") return o.fn;
  const r = o.r;
  return () => r;
}

/** json flags may name the variation instead of repeating its value. */
export function prereqMatcher(target: FlagIR, value: JsonValue): (r: EvalResult) => boolean {
  if (target.type === "json" && typeof value === "string") {
    return (r) => r.variation === value || jsonEqual(r.value, value);
  }
  if (value === null || typeof value !== "object") return (r) => r.value === value;
  return (r) => jsonEqual(r.value, value);
}

export function asContext(c: unknown): Context {
  return typeof c === "object" && c !== null ? (c as Context) : {};
}

export function freeze<T extends object>(r: T): T {
  return deepFreeze(r);
}

export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
