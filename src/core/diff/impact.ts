// How many units a serve change moves. SPEC §3 bucketing gives each variation of a rollout a consecutive
// bucket range in [0, 100000); a unit keeps its bucket as long as salt and `by` stay the same, so the share
// that changes value is exactly the measure of bucket positions whose variation value differs. With another
// salt or `by`, buckets are re-drawn independently: a unit keeps its value with probability Σ wᵢ·w'ᵢ over the
// values both sides serve, so about 1 − Σ wᵢ·w'ᵢ move — an estimate, reported as such.
import { canonicalJson } from "../compile/canonical-json.js";
import type { FlagIR, ServeIR } from "../compile/ir.js";

export const BUCKETS = 100_000;

interface Range {
  end: number;
  value: string;
}

/** The serve as consecutive bucket ranges labelled by the canonical JSON of the value served. */
function ranges(flag: FlagIR, s: ServeIR): Range[] {
  const valueOf = (i: number) => canonicalJson(flag.variations[i]?.value ?? null);
  if (s.kind === "value") return [{ end: BUCKETS, value: valueOf(s.variation) }];
  const out: Range[] = [];
  let at = 0;
  for (const w of s.weights) {
    if (w.weight <= 0) continue;
    at = Math.min(BUCKETS, at + w.weight);
    out.push({ end: at, value: valueOf(w.variation) });
  }
  // Weights that do not reach 100%: the rest is served the default (an evaluation error), as the engine does.
  if (at < BUCKETS) out.push({ end: BUCKETS, value: valueOf(flag.default) });
  return out;
}

/** Share per value (fractions summing to 1). */
function shares(flag: FlagIR, s: ServeIR): Map<string, number> {
  const out = new Map<string, number>();
  let start = 0;
  for (const r of ranges(flag, s)) {
    out.set(r.value, (out.get(r.value) ?? 0) + (r.end - start) / BUCKETS);
    start = r.end;
  }
  return out;
}

const isRollout = (s: ServeIR): s is Extract<ServeIR, { kind: "rollout" }> => s.kind === "rollout";

/**
 * Percentage (0-100) of the units reaching this serve whose value changes from `a` to `b`. Exact when at most
 * one side is a rollout, or both bucket with the same salt and `by`.
 */
export function movedShare(fa: FlagIR, a: ServeIR, fb: FlagIR, b: ServeIR): { share: number; exact: boolean } {
  if (isRollout(a) && isRollout(b) && (a.salt !== b.salt || a.by !== b.by)) {
    const sa = shares(fa, a);
    const sb = shares(fb, b);
    let keep = 0;
    for (const [v, w] of sa) keep += w * (sb.get(v) ?? 0);
    return { share: round3(100 * (1 - keep)), exact: false };
  }
  const ra = ranges(fa, a);
  const rb = ranges(fb, b);
  let moved = 0;
  let start = 0;
  let i = 0;
  let j = 0;
  while (i < ra.length && j < rb.length) {
    const end = Math.min(ra[i].end, rb[j].end);
    if (ra[i].value !== rb[j].value) moved += end - start;
    start = end;
    if (ra[i].end === end) i++;
    if (rb[j].end === end) j++;
  }
  return { share: (100 * moved) / BUCKETS, exact: true };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** "15.000%": three decimals, the precision of rollout weights. */
export const formatShare = (share: number): string => `${share.toFixed(3)}%`;

/** A weight in thousandths of a percent as written: 25000 -> "25%", 12500 -> "12.5%". */
export const formatWeight = (w: number): string => `${Number((w / 1000).toFixed(3))}%`;
