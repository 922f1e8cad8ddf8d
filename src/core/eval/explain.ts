// Why a flag served what it served, as data for `flagctl eval --explain` (rendering is the CLI's).
// It interprets the compiled flag, using the specialiser's static decisions so it always agrees with
// `evaluate`: decided conditions are shown as decided at load, the rest are evaluated on the context.
import { bucket as bucketOf } from "../bucket/bucket.js";
import type { CondIR, EnvModel, FlagIR, ServeIR } from "../compile/ir.js";
import type { JsonValue } from "../model.js";
import { own } from "../own.js";
import type { CallState } from "./call-state.js";
import { compileLeaf } from "./leaf.js";
import { conditionText } from "../compile/conditionText.js";
import { type Context, type ErrorCode, EvalFault, type EvalResult, type Reason, Reasons } from "./result.js";
import { type PartialCond, prereqMatcher } from "./closures.js";
import { MISSING, normaliser, unitFrom, weightsFault } from "./values.js";

export interface CondTrace {
  /** The condition as text, e.g. `country in [CN, RU]`. */
  text: string;
  /** "skipped": not evaluated because an earlier entry already decided the AND/OR. */
  result: boolean | "error" | "skipped";
  /** Decided once from static attributes when the evaluator was built. */
  static?: boolean;
  /** The attribute's value as seen (attribute tests), or the prerequisite's served value. */
  value?: unknown;
  /** The value was absent from the context. */
  missing?: boolean;
  error?: { code: ErrorCode; message: string };
  children?: CondTrace[];
}

export type ExplainStep =
  | { kind: "no-config"; env: string }
  | { kind: "static-value"; variation: string }
  | { kind: "rule"; index: number; name?: string; matched: boolean; static: boolean; condition: CondTrace }
  | { kind: "fallthrough" }
  | {
      kind: "split";
      by: string;
      salt: string;
      unit: string;
      bucket: number;
      /** Every variation's bucket range [from, to), in thousandths of a percent. */
      ranges: { variation: string; from: number; to: number }[];
      served: { variation: string; from: number; to: number };
    }
  | { kind: "serve"; variation: string; value: JsonValue }
  | { kind: "error"; code: ErrorCode; message: string };

export interface Explanation {
  result: EvalResult;
  steps: ExplainStep[];
}

export interface ExplainEnv {
  flag: FlagIR;
  model: EnvModel;
  decided: WeakMap<CondIR, PartialCond>;
  statics: Record<string, unknown>;
  isStatic(attr: string): boolean;
  st: CallState;
  result(r: { variation: number; reason: Reason }): EvalResult;
  error(f: EvalFault): EvalResult;
}

export function explainFlag(env: ExplainEnv, ctx: Context): Explanation {
  const { flag } = env;
  const steps: ExplainStep[] = [];
  const cfg = flag.config;
  if (!cfg) {
    steps.push({ kind: "no-config", env: env.model.env });
    return { result: env.result({ variation: flag.default, reason: Reasons.default() }), steps };
  }
  if (cfg.kind === "static") {
    steps.push({ kind: "static-value", variation: flag.variations[cfg.serve].name });
    return { result: env.result({ variation: cfg.serve, reason: Reasons.static() }), steps };
  }
  const fail = (f: EvalFault): Explanation => {
    steps.push({ kind: "error", code: f.code, message: f.message });
    return { result: env.error(f), steps };
  };
  const tracer = new Tracer(env, ctx);
  for (const rule of cfg.rules) {
    const t = tracer.trace(rule.if);
    const step: ExplainStep = { kind: "rule", index: rule.index, matched: t.result === true, static: t.static === true, condition: t };
    if (rule.name !== undefined) step.name = rule.name;
    steps.push(step);
    if (t.result === "error") return fail(new EvalFault(t.error!.code, t.error!.message));
    if (t.result === true) return serve(env, ctx, rule.serve, steps, fail, rule.index, rule.name);
  }
  steps.push({ kind: "fallthrough" });
  return serve(env, ctx, cfg.fallthrough, steps, fail);
}

function serve(
  env: ExplainEnv,
  ctx: Context,
  s: ServeIR,
  steps: ExplainStep[],
  fail: (f: EvalFault) => Explanation,
  ruleIndex?: number,
  ruleName?: string,
): Explanation {
  const { flag } = env;
  if (s.kind === "value") {
    const v = flag.variations[s.variation];
    steps.push({ kind: "serve", variation: v.name, value: v.value });
    return { result: env.result({ variation: s.variation, reason: Reasons.served(ruleIndex, ruleName) }), steps };
  }
  const raw = env.isStatic(s.by) ? own(env.statics, s.by) : ctx[s.by];
  let unit: string;
  try {
    unit = unitFrom(s.by, normaliser(s.by, own(env.model.attributes, s.by)), raw);
  } catch (e) {
    return fail(EvalFault.from(e));
  }
  const b = bucketOf(s.salt, unit);
  const ranges: { variation: string; from: number; to: number }[] = [];
  let acc = 0;
  for (const w of s.weights) ranges.push({ variation: flag.variations[w.variation].name, from: acc, to: (acc += w.weight) });
  const i = ranges.findIndex((r) => b >= r.from && b < r.to);
  if (i < 0) return fail(weightsFault(flag.key, acc));
  steps.push({ kind: "split", by: s.by, salt: s.salt, unit, bucket: b, ranges, served: ranges[i] });
  const variation = s.weights[i].variation;
  steps.push({ kind: "serve", variation: flag.variations[variation].name, value: flag.variations[variation].value });
  return { result: env.result({ variation, reason: Reasons.split(b, ruleIndex, ruleName) }), steps };
}

class Tracer {
  constructor(
    private readonly env: ExplainEnv,
    private readonly ctx: Context,
  ) {}

  trace(c: CondIR): CondTrace {
    const d = this.env.decided.get(c);
    if (d) return this.decidedTrace(c, d);
    const text = conditionText(c);
    switch (c.kind) {
      case "all":
      case "any":
        return this.junction(text, c.of, c.kind === "all");
      case "not": {
        const t = this.trace(c.of);
        const out: CondTrace = { text, result: t.result === "error" ? "error" : !t.result, children: [t] };
        if (t.error) out.error = t.error;
        return out;
      }
      case "segment": {
        if (c.names.length === 1) return this.segment(c.names[0]);
        const children: CondTrace[] = [];
        let decided = false;
        for (const n of c.names) {
          if (decided) {
            children.push({ text: `segment ${n}`, result: "skipped" });
            continue;
          }
          const t = this.segment(n);
          children.push(t);
          if (t.result === "error" || (!t.static && t.result === true)) decided = true;
        }
        return junctionResult(text, children, false);
      }
      case "flag": {
        const target = own(this.env.model.flags, c.key)!;
        try {
          const r = this.env.st.prereq(c.key);
          return { text, result: prereqMatcher(target, c.value)(r), value: r.value };
        } catch (e) {
          const f = EvalFault.from(e);
          return { text, result: "error", error: { code: f.code, message: f.message } };
        }
      }
      case "attr": {
        const decl = own(this.env.model.attributes, c.attr);
        const test = compileLeaf(c, decl);
        if (test instanceof EvalFault) return { text, result: "error", error: { code: test.code, message: test.message } };
        let raw: unknown;
        try {
          raw = c.attr === "now" ? this.env.st.now() : this.ctx[c.attr];
          const v = raw === undefined ? MISSING : normaliser(c.attr, decl)(raw);
          const t: CondTrace = { text, result: test(v) };
          if (v === MISSING) t.missing = true;
          else t.value = raw;
          return t;
        } catch (e) {
          const f = EvalFault.from(e);
          return { text, result: "error", value: raw, error: { code: f.code, message: f.message } };
        }
      }
    }
  }

  private segment(name: string): CondTrace {
    const seg = own(this.env.model.segments, name);
    if (!seg) return { text: `segment ${name}`, result: "error", error: { code: "GENERAL", message: `segment "${name}" is not defined` } };
    const t = this.trace(seg);
    const out: CondTrace = { text: `segment ${name}`, result: t.result, children: [t] };
    if (t.static) out.static = true;
    if (t.error) out.error = t.error;
    return out;
  }

  private junction(text: string, of: CondIR[], and: boolean): CondTrace {
    const children: CondTrace[] = [];
    let decided = false;
    for (const c of of) {
      if (decided) {
        children.push({ text: conditionText(c), result: "skipped" });
        continue;
      }
      const t = this.trace(c);
      children.push(t);
      // Statically decided entries of an undecided AND/OR are neutral; only evaluated ones short-circuit.
      if (t.result === "error" || (!t.static && t.result !== and)) decided = true;
    }
    return junctionResult(text, children, and);
  }

  private decidedTrace(c: CondIR, d: PartialCond): CondTrace {
    const text = conditionText(c);
    const t: CondTrace =
      d.k === "const"
        ? { text, result: d.v, static: true }
        : { text, result: "error", static: true, error: d.k === "fault" ? { code: d.f.code, message: d.f.message } : { code: "GENERAL", message: "" } };
    if (c.kind === "attr") {
      const raw = own(this.env.statics, c.attr);
      if (raw === undefined || raw === null) t.missing = true;
      else t.value = raw;
    } else if (c.kind === "all" || c.kind === "any" || c.kind === "not") {
      const kids = c.kind === "not" ? [c.of] : c.of;
      t.children = kids.map((k) => {
        const kd = this.env.decided.get(k);
        return kd ? this.decidedTrace(k, kd) : { text: conditionText(k), result: "skipped" as const };
      });
    } else if (c.kind === "segment") {
      t.children = c.names.map((n) => {
        const seg = own(this.env.model.segments, n);
        const kd = seg && this.env.decided.get(seg);
        return kd ? { ...this.decidedTrace(seg, kd), text: `segment ${n}` } : { text: `segment ${n}`, result: "skipped" as const };
      });
    }
    return t;
  }
}

function junctionResult(text: string, children: CondTrace[], and: boolean): CondTrace {
  const err = children.find((t) => t.result === "error");
  if (err) return { text, result: "error", error: err.error, children };
  const evaluated = children.filter((t) => t.result !== "skipped");
  const result = and ? evaluated.every((t) => t.result === true) : evaluated.some((t) => t.result === true);
  return { text, result, children };
}

