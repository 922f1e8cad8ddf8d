// Two compiled environments -> the flags that differ, and (optionally) how many sample contexts see another
// value. Sample contexts are evaluated by the engine itself (specialise), on both sides.
import { canonicalJson } from "../compile/canonical-json.js";
import type { CondIR, EnvModel, FlagIR } from "../compile/ir.js";
import { readableCondition } from "../compile/conditionText.js";
import { specialise, type Evaluator } from "../eval/specialise.js";
import { diffFlag } from "./diffFlag.js";
import type { EnvDiff, FlagDiff, SegmentDiff } from "./model.js";

export interface SampleContext {
  static: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface Side {
  label: string;
  /** Absent: the environment does not exist on this side (every flag is added or removed). */
  model?: EnvModel;
}

export interface DiffEnvOptions {
  /** Contexts to evaluate on both sides, and where they came from ("--sample x.jsonl", "golden tests"). */
  sample?: { contexts: SampleContext[]; source: string };
  /** Epoch ms for time conditions, so both sides are evaluated at the same instant. */
  now: number;
}

export function diffEnv(env: string, a: Side, b: Side, opts: DiffEnvOptions): EnvDiff {
  const fa = a.model?.flags ?? {};
  const fb = b.model?.flags ?? {};
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  const has = (r: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(r, k);
  const flags: FlagDiff[] = [];
  for (const key of keys) {
    // Most flags are unchanged: compiled by the same code, their JSON is identical (a cheap first test).
    if (has(fa, key) && has(fb, key) && JSON.stringify(fa[key]) === JSON.stringify(fb[key])) continue;
    const d = diffFlag(key, has(fa, key) ? fa[key] : undefined, has(fb, key) ? fb[key] : undefined);
    if (d) flags.push(d);
  }
  const segments = segmentDiffs(a.model, b.model);
  if (segments.length > 0) markSegmentUsers(segments, a.model, b.model, flags);
  flags.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const out: EnvDiff = {
    env,
    from: a.label,
    to: b.label,
    flags,
    segments,
    summary: {
      added: flags.filter((f) => f.status === "added").length,
      removed: flags.filter((f) => f.status === "removed").length,
      changed: flags.filter((f) => f.status === "changed").length,
    },
  };
  if (opts.sample && a.model && b.model) countSample(out, a.model, b.model, opts.sample.contexts, opts.sample.source, opts.now);
  return out;
}

function countSample(out: EnvDiff, a: EnvModel, b: EnvModel, contexts: SampleContext[], source: string, now: number): void {
  const changedFlags = out.flags.filter((f) => f.status === "changed");
  const evaluators = (model: EnvModel) => {
    const cache = new Map<string, Evaluator>();
    // A bare sample context may carry static attributes (host, region) among the others.
    const staticNames = Object.keys(model.attributes).filter((n) => model.attributes[n].static && n !== "env");
    return (s: SampleContext) => {
      const statics: Record<string, unknown> = {};
      for (const n of staticNames) if (Object.prototype.hasOwnProperty.call(s.context, n)) statics[n] = s.context[n];
      Object.assign(statics, s.static);
      const k = canonicalJson(statics);
      let e = cache.get(k);
      if (!e) cache.set(k, (e = specialise(model, { ...statics, env: model.env }, { now: () => now })));
      return e;
    };
  };
  const ea = evaluators(a);
  const eb = evaluators(b);
  const counts = new Map<string, number>(changedFlags.map((f) => [f.key, 0]));
  let anyChanged = 0;
  for (const s of contexts) {
    const left = ea(s);
    const right = eb(s);
    let moved = false;
    for (const f of changedFlags) {
      const va = left.evaluate(f.key, s.context).value;
      const vb = right.evaluate(f.key, s.context).value;
      if (canonicalJson(va) !== canonicalJson(vb)) {
        counts.set(f.key, counts.get(f.key)! + 1);
        moved = true;
      }
    }
    if (moved) anyChanged++;
  }
  for (const f of changedFlags) f.sample = { changed: counts.get(f.key)!, total: contexts.length };
  out.sample = { changed: anyChanged, total: contexts.length, source };
}

function segmentDiffs(a: EnvModel | undefined, b: EnvModel | undefined): SegmentDiff[] {
  const sa = a?.segments ?? {};
  const sb = b?.segments ?? {};
  const has = (r: object, k: string) => Object.prototype.hasOwnProperty.call(r, k);
  const out: SegmentDiff[] = [];
  for (const name of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].sort()) {
    // A segment only one side's flags use is not a change of the segment.
    if (!has(sa, name) || !has(sb, name)) continue;
    if (canonicalJson(sa[name]) === canonicalJson(sb[name])) continue;
    out.push({ name, status: "changed", text: `segment ${name}: ${readableCondition(sa[name])} → ${readableCondition(sb[name])}` });
  }
  return out;
}

function segmentsIn(c: CondIR, out: Set<string>): Set<string> {
  if (c.kind === "segment") for (const n of c.names) out.add(n);
  else if (c.kind === "all" || c.kind === "any") for (const x of c.of) segmentsIn(x, out);
  else if (c.kind === "not") segmentsIn(c.of, out);
  return out;
}

/** Adds a "segment" change to every flag whose rules reach a changed segment, directly or through others. */
function markSegmentUsers(changed: SegmentDiff[], a: EnvModel | undefined, b: EnvModel | undefined, flags: FlagDiff[]): void {
  for (const model of [b, a]) {
    if (!model) continue;
    const reach = (names: Set<string>): Set<string> => {
      const seen = new Set<string>();
      const stack = [...names];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        const def = Object.prototype.hasOwnProperty.call(model.segments, n) ? model.segments[n] : undefined;
        if (def) stack.push(...segmentsIn(def, new Set()));
      }
      return seen;
    };
    for (const [key, f] of Object.entries(model.flags) as [string, FlagIR][]) {
      if (f.config?.kind !== "rules") continue;
      const used = reach(new Set(f.config.rules.flatMap((r) => [...segmentsIn(r.if, new Set())])));
      for (const s of changed) {
        if (!used.has(s.name)) continue;
        let d = flags.find((x) => x.key === key);
        if (d && d.status !== "changed") continue;
        if (!d) flags.push((d = { key, status: "changed", changes: [] }));
        if (d.changes.some((c) => c.kind === "segment" && c.text.startsWith(`uses segment ${s.name}:`))) continue;
        const text = `uses segment ${s.name}: ${s.text.slice(`segment ${s.name}: `.length)}`;
        d.changes.push({ kind: "segment", text, impact: { audience: `segment ${s.name}` } });
      }
    }
  }
}
