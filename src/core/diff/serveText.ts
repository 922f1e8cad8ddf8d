// Served values and serves as short text, and a cross-side identity for serves (indexes into `variations`
// may differ between sides, values do not).
import { canonicalJson } from "../compile/canonical-json.js";
import type { FlagIR, ServeIR, VarIndex } from "../compile/ir.js";
import { formatWeight } from "./impact.js";

const word = (v: unknown): string => (typeof v === "string" && /^[\w.@:+/-]+$/.test(v) ? v : JSON.stringify(v));

/** A json flag's variation by name, any other by its value. */
export function variationText(flag: FlagIR, i: VarIndex): string {
  const v = flag.variations[i];
  if (!v) return "?";
  return flag.type === "json" ? v.name : word(v.value);
}

export function serveText(flag: FlagIR, s: ServeIR): string {
  if (s.kind === "value") return variationText(flag, s.variation);
  const parts = s.weights.map((w) => `${variationText(flag, w.variation)} ${formatWeight(w.weight)}`).join(" / ");
  const salt = s.salt !== flag.salt ? `, salt ${word(s.salt)}` : "";
  return `rollout ${parts} (by ${s.by}${salt})`;
}

/** Equal keys serve the same value to the same units. */
export function serveKey(flag: FlagIR, s: ServeIR): string {
  const value = (i: number) => flag.variations[i]?.value ?? null;
  if (s.kind === "value") return canonicalJson({ value: value(s.variation) });
  return canonicalJson({ by: s.by, salt: s.salt, weights: s.weights.filter((w) => w.weight > 0).map((w) => [value(w.variation), w.weight]) });
}

/** How a serve changed, as readable as the change allows: "rollout true 10% → 25%". */
export function serveChangeText(fa: FlagIR, a: ServeIR, fb: FlagIR, b: ServeIR): string {
  if (a.kind === "rollout" && b.kind === "rollout") {
    const names = (f: FlagIR, s: typeof a) => s.weights.map((w) => variationText(f, w.variation));
    const na = names(fa, a);
    const nb = names(fb, b);
    const sameVariations = na.length === nb.length && na.every((n, i) => n === nb[i]);
    if (sameVariations) {
      const parts: string[] = [];
      const changed = a.weights
        .map((w, i) => ({ name: na[i], from: w.weight, to: b.weights[i].weight }))
        .filter((w) => w.from !== w.to);
      // With two variations the second weight is the complement of the first: showing it adds nothing.
      const shown = na.length === 2 && changed.length === 2 ? changed.slice(0, 1) : changed;
      if (shown.length > 0) parts.push(`rollout ${shown.map((w) => `${w.name} ${formatWeight(w.from)} → ${formatWeight(w.to)}`).join(", ")}`);
      if (a.by !== b.by) parts.push(`by ${a.by} → ${b.by}`);
      if (a.salt !== b.salt) parts.push(`salt ${word(a.salt)} → ${word(b.salt)}`);
      if (parts.length > 0) return parts.join("; ");
    }
  }
  return `${serveText(fa, a)} → ${serveText(fb, b)}`;
}
