// EnvModel + static attributes -> Evaluator. Conditions on static attributes are decided here, once; rules
// that can never match are dropped; a flag left with one outcome becomes a precomputed result. What still
// depends on the request compiles to closures. A flag is specialised when first evaluated (evaluateList and
// evaluateAll do all of them on their first call), so loading a release costs little more than JSON.parse and
// a host that reads a few flags never pays for the rest; the state lives in this evaluator alone, so swapping
// releases by replacing the reference stays safe. Faults (EvalFault) thrown inside closures become ERROR results
// at the flag boundary, so nothing escapes `evaluate`.
import { bucketer, packedBucketer } from "../bucket/bucket.js";
import type { JsonValue } from "../model.js";
import { own } from "../own.js";
import type { AttrCondIR, AttrDeclIR, CondIR, EnvModel, FlagIR, ServeIR } from "../compile/ir.js";
import { CallState, type FlagRunner } from "./call-state.js";
import { explainFlag, type Explanation } from "./explain.js";
import {
  asContext,
  chain,
  combine,
  type CondFn,
  deepFreeze,
  FALSE,
  freeze,
  listBuilder,
  type Out,
  type OutFn,
  outFn,
  type PartialCond,
  prereqMatcher,
  recordBuilder,
  TRUE,
} from "./closures.js";
import { compileLeaf } from "./leaf.js";
import { type Context, EvalFault, evalResult, type EvalResult, type Reason, Reasons } from "./result.js";
import { MISSING, missingUnit, normaliser, unitFrom, weightsFault } from "./values.js";

export interface Entry {
  readonly key: string;
  readonly flag: FlagIR;
  /** Set when the outcome does not depend on the request: evaluation returns this object. */
  constant: EvalResult | undefined;
  run: OutFn | undefined;
  /** `run` without its fault handler: evaluateAll and evaluateList catch once for all flags, not once per flag. */
  body: OutFn | undefined;
  /** The closures read the clock or prerequisites, so a CallState must be passed. */
  needsState: boolean;
  /** Another flag's prerequisite: memoised per call by evaluateAll. */
  memoise: boolean;
}

export interface SpecialiseOptions {
  /** Epoch milliseconds; the clock for time conditions when the context has no `now`. */
  now?: () => number;
  /** The release version, copied into every result. */
  version?: string;
}

export interface Evaluator {
  readonly env: string;
  readonly version: string | undefined;
  /** Flag keys, sorted. */
  readonly keys: readonly string[];
  evaluate(key: string, context: Context): EvalResult;
  evaluateAll(context: Context): Record<string, EvalResult>;
  /** Every flag's result in the order of `keys`: cheaper than a 1,000-key record (OFREP bulk is a list). */
  evaluateList(context: Context): EvalResult[];
  explain(key: string, context: Context): Explanation;
  /** True when `key` evaluates to a precomputed result without running any closure. */
  isConstant(key: string): boolean;
  /** The compiled flag, for tools that show variations or rules. */
  flag(key: string): FlagIR | undefined;
}


export function specialise(model: EnvModel, statics: Record<string, unknown>, opts: SpecialiseOptions = {}): Evaluator {
  return new Specialised(model, statics, opts);
}

class Specialised implements Evaluator, FlagRunner {
  readonly env: string;
  readonly version: string | undefined;
  private sortedKeys: readonly string[] | undefined;
  private readonly entries = new Map<string, Entry>();
  /** Every flag's entry in key order, once evaluateList has needed them all. */
  private list: Entry[] | undefined;
  private readonly clock: () => number;
  private readonly statics: Record<string, unknown>;
  /** Static decisions per condition node, shared with explain so both agree. */
  readonly decided = new WeakMap<CondIR, PartialCond>();
  private readonly segCache = new Map<string, PartialCond>();
  private readonly segBusy = new Set<string>();
  private readonly flagBusy = new Set<string>();
  private readonly cycleResults = new WeakSet<EvalResult>();
  private readonly memoiseLater = new Set<string>();
  private record: ((ctx: Context, st: CallState) => Record<string, EvalResult>) | undefined;
  private listOf: ((ctx: Context, st: CallState) => EvalResult[]) | undefined;

  constructor(
    readonly model: EnvModel,
    statics: Record<string, unknown>,
    opts: SpecialiseOptions,
  ) {
    this.env = model.env;
    this.version = opts.version;
    this.clock = opts.now ?? (() => NaN);
    this.statics = { ...statics, env: model.env };
  }

  /** Sorted on first use: a golden test's evaluator reads a few flags of thousands and never needs them. */
  get keys(): readonly string[] {
    return (this.sortedKeys ??= Object.keys(this.model.flags).sort());
  }

  /** The flag's entry, specialised now if this is its first use; undefined for an unknown key. */
  private entry(key: string): Entry | undefined {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    if (own(this.model.flags, key) === undefined) return undefined;
    const e = this.entryFor(key);
    for (const k of this.memoiseLater) {
      const cyc = this.entries.get(k);
      if (cyc !== undefined) {
        cyc.memoise = true;
        this.memoiseLater.delete(k);
      }
    }
    return e;
  }

  private allEntries(): Entry[] {
    this.list ??= this.keys.map((k) => this.entry(k)!);
    return this.list;
  }

  // ------------------------------------------------------------ evaluation

  evaluate(key: string, context: Context): EvalResult {
    const e = this.entry(key);
    if (e === undefined) return this.notFound(key);
    if (e.constant !== undefined) return e.constant;
    const ctx = asContext(context);
    return e.run!(ctx, (e.needsState ? new CallState(ctx, this.clock, this) : undefined) as CallState);
  }

  evaluateAll(context: Context): Record<string, EvalResult> {
    const ctx = asContext(context);
    this.record ??= this.recordOfAll();
    return this.record(ctx, new CallState(ctx, this.clock, this));
  }

  private recordOfAll(): (ctx: Context, st: CallState) => Record<string, EvalResult> {
    const list = this.allEntries();
    const constants = list.map((e) => e.constant);
    const memoised = (e: Entry) => (_ctx: Context, st: CallState) => this.memoised(e, st);
    const runs = (handled: boolean) => list.map((e) => (e.constant !== undefined ? undefined : e.memoise ? memoised(e) : handled ? e.run : e.body));
    // The record is built from the flags' bodies under one handler, not a handler per flag (about 7% of evaluateAll).
    // A context that makes a flag fault is built again with each flag's own handler: flags already evaluated are
    // in the call's memo when another flag needs them; the others are pure, so evaluating them twice changes nothing.
    let handled: ((ctx: Context, st: CallState) => Record<string, EvalResult>) | undefined;
    return recordBuilder(this.keys, constants, runs(false), (ctx, st) => (handled ??= recordBuilder(this.keys, constants, runs(true)))(ctx, st));
  }

  private memoised(e: Entry, st: CallState): EvalResult {
    try {
      return st.prereq(e.key);
    } catch (f) {
      // A cycle: the flag's own (ERROR) result is in the memo.
      const r = st.memoOf(e.key);
      return typeof r === "object" ? r : this.errorResult(e.flag, f);
    }
  }

  evaluateList(context: Context): EvalResult[] {
    const ctx = asContext(context);
    this.listOf ??= this.listOfAll();
    return this.listOf(ctx, new CallState(ctx, this.clock, this));
  }

  private listOfAll(): (ctx: Context, st: CallState) => EvalResult[] {
    const list = this.allEntries();
    return listBuilder(
      list.map((e) => e.constant),
      list.map((e) => (e.constant !== undefined ? undefined : e.memoise ? (_ctx: Context, st: CallState) => this.memoised(e, st) : e.body)),
      (ctx, st) => this.listLoop(list, ctx, st),
    );
  }

  /** The list with one handler for the whole loop, resumed after the flag that faulted. */
  private listLoop(list: Entry[], ctx: Context, st: CallState): EvalResult[] {
    const n = list.length;
    const out = new Array<EvalResult>(n);
    let i = 0;
    while (i < n) {
      try {
        for (; i < n; i++) {
          const e = list[i];
          out[i] = e.constant ?? (e.memoise ? this.memoised(e, st) : e.body!(ctx, st));
        }
      } catch (f) {
        out[i] = this.errorResult(list[i].flag, f);
        i++;
      }
    }
    return out;
  }

  explain(key: string, context: Context): Explanation {
    const ctx = asContext(context);
    const e = this.entry(key);
    if (e === undefined) return { result: this.notFound(key), steps: [{ kind: "error", code: "FLAG_NOT_FOUND", message: `flag "${key}" is not defined` }] };
    return explainFlag(
      {
        flag: e.flag,
        model: this.model,
        decided: this.decided,
        statics: this.statics,
        isStatic: (attr) => this.isStatic(attr),
        st: new CallState(ctx, this.clock, this),
        result: (r) => this.result(e.flag, r.variation, r.reason),
        error: (f) => this.errorResult(e.flag, f),
      },
      ctx,
    );
  }

  isConstant(key: string): boolean {
    return this.entry(key)?.constant !== undefined;
  }

  flag(key: string): FlagIR | undefined {
    return this.entry(key)?.flag;
  }

  runFlag(key: string, st: CallState): EvalResult | undefined {
    const e = this.entry(key);
    if (e === undefined) return undefined;
    return e.constant ?? e.run!(st.ctx, st);
  }

  isCycleResult(r: EvalResult): boolean {
    return this.cycleResults.has(r);
  }

  private notFound(key: string): EvalResult {
    return evalResult(key, undefined, Reasons.error("FLAG_NOT_FOUND", `flag "${key}" is not defined in env ${this.env}`), this.version);
  }

  // ------------------------------------------------------------ results

  result(flag: FlagIR, variation: number, reason: Reason): EvalResult {
    return evalResult(flag.key, flag.variations[variation], reason, this.version);
  }

  errorResult(flag: FlagIR, e: unknown): EvalResult {
    const f = EvalFault.from(e);
    const r = this.result(flag, flag.default, Reasons.error(f.code, f.message));
    if (f.cycle) this.cycleResults.add(r);
    return r;
  }

  // ------------------------------------------------------------ flags

  private entryFor(key: string): Entry {
    const known = this.entries.get(key);
    if (known) return known;
    const flag = own(this.model.flags, key)!;
    deepFreeze(flag.variations);
    const entry: Entry = { key, flag, constant: undefined, run: undefined, body: undefined, needsState: false, memoise: false };
    this.flagBusy.add(key);
    try {
      this.specialiseFlag(entry);
    } catch (e) {
      // Specialisation now runs inside evaluate, which never throws: a bug here becomes this flag's ERROR.
      entry.run = entry.body = undefined;
      entry.constant = freeze(this.errorResult(flag, e));
    } finally {
      this.flagBusy.delete(key);
    }
    this.entries.set(key, entry);
    return entry;
  }

  private specialiseFlag(entry: Entry): void {
    const flag = entry.flag;
    const cfg = flag.config;
    if (!cfg) return void (entry.constant = freeze(this.result(flag, flag.default, Reasons.default())));
    if (cfg.kind === "static") return void (entry.constant = freeze(this.result(flag, cfg.serve, Reasons.static())));

    const conds: CondFn[] = [];
    const outs: Out[] = [];
    let terminal: Out | undefined;
    let state = false;
    for (const rule of cfg.rules) {
      const p = this.cond(rule.if);
      if (p.k === "const" && !p.v) continue;
      if (p.k === "fault") {
        terminal = { k: "const", r: freeze(this.errorResult(flag, p.f)) };
        break;
      }
      const out = this.serve(flag, rule.serve, rule.index, rule.name);
      if (p.k === "const") {
        terminal = out;
        break;
      }
      conds.push(p.fn);
      outs.push(out);
      state ||= p.state || (out.k === "fn" && out.state);
    }
    terminal ??= this.serve(flag, cfg.fallthrough);
    if (conds.length === 0 && terminal.k === "const") {
      entry.constant = terminal.r;
      return;
    }
    entry.needsState = state || (terminal.k === "fn" && terminal.state);
    const body = chain(conds, outs.map(outFn), outFn(terminal));
    entry.body = body;
    entry.run = (ctx, st) => {
      try {
        return body(ctx, st);
      } catch (e) {
        return this.errorResult(flag, e);
      }
    };
  }

  private serve(flag: FlagIR, s: ServeIR, ruleIndex?: number, ruleName?: string): Out {
    if (s.kind === "value") {
      return { k: "const", r: freeze(this.result(flag, s.variation, Reasons.served(ruleIndex, ruleName))) };
    }
    const ends: number[] = [];
    let acc = 0;
    for (const w of s.weights) ends.push((acc += w.weight));
    const variations = s.weights.map((w) => w.variation);
    const pick = (b: number): EvalResult => {
      for (let i = 0; i < ends.length; i++) if (b < ends[i]) return this.result(flag, variations[i], Reasons.split(b, ruleIndex, ruleName));
      throw weightsFault(flag.key, acc);
    };
    const bucketOf = bucketer(s.salt);
    const by = s.by;
    const decl = own(this.model.attributes, by);
    const norm = normaliser(by, decl);
    const unitOf = (raw: unknown): string => unitFrom(by, norm, raw);
    const plainString = decl?.type === "string";
    if (this.isStatic(by)) {
      try {
        return { k: "const", r: freeze(pick(bucketOf(unitOf(own(this.statics, by))))) };
      } catch (e) {
        return { k: "const", r: freeze(this.errorResult(flag, e)) };
      }
    }
    // The common case gets its own closure: a string unit, weights in order, each variation's value and name and
    // the reason's shape looked up here once.
    const key = flag.key;
    const version = this.version;
    const values = variations.map((i) => flag.variations[i].value);
    const names = variations.map((i) => flag.variations[i].name);
    const reasonOf = Reasons.splitOf(ruleIndex, ruleName);
    const n = ends.length;
    // A context without the unit (an anonymous request) is common: its ERROR result is returned, not thrown, since
    // a throw costs more than evaluating the flag and would send evaluateAll down its per-flag-handler path.
    const missing = missingUnit(by);
    // Given a CallState (evaluateAll, evaluateList, prerequisites), the unit is packed once for all rollouts.
    const bucketOfPacked = packedBucketer(s.salt);
    return {
      k: "fn",
      state: false,
      fn: (ctx, st) => {
        const raw = ctx[by];
        let unit: string;
        if (typeof raw === "string" && plainString) unit = raw;
        else if (raw === undefined || raw === null) return this.errorResult(flag, missing);
        else unit = unitOf(raw);
        const packed = st?.packedUnit(unit);
        const b = packed === undefined ? bucketOf(unit) : bucketOfPacked(packed);
        for (let i = 0; i < n; i++) {
          if (b < ends[i]) {
            const reason = reasonOf(b);
            // Inline, not evalResult: this is the hot path, and two fixed shapes keep it monomorphic.
            return version === undefined
              ? { key, value: values[i], variation: names[i], reason }
              : { key, value: values[i], variation: names[i], reason, version };
          }
        }
        return pick(b);
      },
    };
  }

  // ------------------------------------------------------------ conditions

  isStatic(attr: string): boolean {
    return attr === "env" || own(this.model.attributes, attr)?.static === true;
  }

  cond(c: CondIR): PartialCond {
    const p = this.condUncached(c);
    if (p.k !== "dyn") this.decided.set(c, p);
    return p;
  }

  private condUncached(c: CondIR): PartialCond {
    switch (c.kind) {
      case "all":
        return combine(c.of.map((x) => this.cond(x)), true);
      case "any":
        return combine(c.of.map((x) => this.cond(x)), false);
      case "not": {
        const p = this.cond(c.of);
        if (p.k === "const") return p.v ? FALSE : TRUE;
        if (p.k === "fault") return p;
        const fn = p.fn;
        return { k: "dyn", fn: (ctx, st) => !fn(ctx, st), state: p.state };
      }
      case "segment":
        return combine(c.names.map((n) => this.segment(n)), false);
      case "flag":
        return this.prerequisite(c.key, c.value);
      case "attr":
        return this.attr(c);
    }
  }

  segment(name: string): PartialCond {
    const known = this.segCache.get(name);
    if (known) return known;
    const seg = own(this.model.segments, name);
    if (seg === undefined) return { k: "fault", f: new EvalFault("GENERAL", `segment "${name}" is not defined`) };
    if (this.segBusy.has(name)) return { k: "fault", f: new EvalFault("GENERAL", `segment cycle through "${name}"`) };
    this.segBusy.add(name);
    const p = this.cond(seg);
    this.segBusy.delete(name);
    this.segCache.set(name, p);
    return p;
  }

  private prerequisite(key: string, value: JsonValue): PartialCond {
    const target = own(this.model.flags, key);
    if (target === undefined) return { k: "fault", f: new EvalFault("GENERAL", `prerequisite flag "${key}" is not defined`) };
    const matches = prereqMatcher(target, value);
    if (!this.flagBusy.has(key)) {
      const e = this.entryFor(key);
      if (e.constant !== undefined) return matches(e.constant) ? TRUE : FALSE;
      e.memoise = true;
    } else {
      // On a cycle the entry does not exist yet: mark it once it does. The runtime memo reports the cycle.
      this.memoiseLater.add(key);
    }
    return { k: "dyn", fn: (_ctx, st) => matches(st.prereq(key)), state: true };
  }

  private attr(c: AttrCondIR): PartialCond {
    const decl: AttrDeclIR | undefined = own(this.model.attributes, c.attr);
    const test = compileLeaf(c, decl);
    if (test instanceof EvalFault) return { k: "fault", f: test };
    const norm = normaliser(c.attr, decl);
    if (this.isStatic(c.attr)) {
      try {
        const raw = own(this.statics, c.attr);
        return test(raw === undefined ? MISSING : norm(raw)) ? TRUE : FALSE;
      } catch (e) {
        return { k: "fault", f: e instanceof EvalFault ? e : new EvalFault("GENERAL", String(e)) };
      }
    }
    if (c.attr === "now") return { k: "dyn", fn: (_ctx, st) => test(st.now()), state: true };
    const attr = c.attr;
    // Fast paths for the common string tests: no normaliser call when the value already has the right type.
    if (decl?.type === "string" && (c.op === "in" || c.op === "eq")) {
      if (c.op === "in") {
        const set = new Set<unknown>(c.values);
        return {
          k: "dyn",
          state: false,
          fn: (ctx) => {
            const v = ctx[attr];
            return typeof v === "string" ? set.has(v) : test(v === undefined ? MISSING : norm(v));
          },
        };
      }
      const want = (c as { value: unknown }).value;
      return {
        k: "dyn",
        state: false,
        fn: (ctx) => {
          const v = ctx[attr];
          return typeof v === "string" ? v === want : test(v === undefined ? MISSING : norm(v));
        },
      };
    }
    // Enum equality: a match is valid by construction, and so is another declared value; only anything else
    // needs the normaliser (which rejects it).
    if (decl?.type === "enum" && c.op === "eq" && decl.values?.includes(c.value as string)) {
      const want = c.value;
      const declared = new Set<unknown>(decl.values);
      return {
        k: "dyn",
        state: false,
        fn: (ctx) => {
          const v = ctx[attr];
          return v === want ? true : declared.has(v) ? false : test(v === undefined ? MISSING : norm(v));
        },
      };
    }
    return {
      k: "dyn",
      state: false,
      fn: (ctx) => {
        const v = ctx[attr];
        return test(v === undefined ? MISSING : norm(v));
      },
    };
  }
}

