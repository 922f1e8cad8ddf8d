// One flag's semantic changes between two compiled environments. Every config is read as "rules, then a
// fallthrough": no config serves the default to everyone, a bare value serves that value to everyone. So a
// bare value that becomes rules shows as the rules added and the fallthrough changed, with one line saying so.
import { canonicalJson } from "../compile/canonical-json.js";
import type { FlagIR, RuleIR, ServeIR } from "../compile/ir.js";
import { readableCondition } from "../compile/conditionText.js";
import { provablyDisjoint } from "./disjoint.js";
import { formatShare, movedShare } from "./impact.js";
import type { Change, FlagDiff, Impact } from "./model.js";
import { serveChangeText, serveKey, serveText, variationText } from "./serveText.js";

interface Normal {
  kind: "none" | "static" | "rules";
  rules: RuleIR[];
  fallthrough: ServeIR;
}

function normal(f: FlagIR): Normal {
  const c = f.config;
  if (!c) return { kind: "none", rules: [], fallthrough: { kind: "value", variation: f.default } };
  if (c.kind === "static") return { kind: "static", rules: [], fallthrough: { kind: "value", variation: c.serve } };
  return { kind: "rules", rules: c.rules, fallthrough: c.fallthrough };
}

function describe(f: FlagIR): string {
  const n = normal(f);
  if (n.kind === "none") return `no config here: serves the default ${variationText(f, f.default)}`;
  if (n.kind === "static") return `serves ${serveText(f, n.fallthrough)} to everyone`;
  const rules = n.rules.length === 0 ? "no rules" : n.rules.length === 1 ? "1 rule" : `${n.rules.length} rules`;
  return `${rules}, then ${serveText(f, n.fallthrough)}`;
}

const ruleLabel = (r: RuleIR, position: number): string =>
  r.name !== undefined ? `rule "${r.name}"` : `rule ${position + 1} (${readableCondition(r.if)})`;

function serveImpact(fa: FlagIR, a: ServeIR, fb: FlagIR, b: ServeIR, audience: string): Impact {
  const { share, exact } = movedShare(fa, a, fb, b);
  return { audience, share, exact };
}

function impactSuffix(i: Impact | undefined): string {
  if (!i || i.share === undefined) return "";
  if (i.share === 0 && i.exact) return " — nobody's value changes";
  const who = i.audience === "everyone" ? "of all units" : `of ${i.audience}`;
  return i.exact ? ` — moves exactly ${formatShare(i.share)} ${who}` : ` — moves about ${formatShare(i.share)} ${who} (estimate: buckets are re-drawn)`;
}

const push = (out: Change[], c: Change): void => void out.push({ ...c, text: c.text + impactSuffix(c.impact) });

export function diffFlag(key: string, a: FlagIR | undefined, b: FlagIR | undefined): FlagDiff | undefined {
  if (!a && !b) return undefined;
  if (!a) return { key, status: "added", changes: [{ kind: "flag-added", text: `added (${b!.type}): ${describe(b!)}` }] };
  if (!b) return { key, status: "removed", changes: [{ kind: "flag-removed", text: `removed (was ${a.type}: ${describe(a)})` }] };
  const changes: Change[] = [];
  if (a.type !== b.type) changes.push({ kind: "type", text: `type ${a.type} → ${b.type}` });
  metaChanges(a, b, changes);
  const defA = a.variations[a.default]?.value ?? null;
  const defB = b.variations[b.default]?.value ?? null;
  // A json default is a variation name; a new value under the same name shows as that variation's change.
  const sameDefault = a.type === "json" && b.type === "json" ? a.variations[a.default]?.name === b.variations[b.default]?.name : canonicalJson(defA) === canonicalJson(defB);
  if (!sameDefault) {
    const text = `default ${variationText(a, a.default)} → ${variationText(b, b.default)}`;
    const unconfigured = !a.config && !b.config;
    push(changes, { kind: "default", text, impact: unconfigured ? { audience: "everyone", share: 100, exact: true } : { audience: "evaluation errors only" } });
  }
  variationChanges(a, b, changes);
  if (a.salt !== b.salt) changes.push({ kind: "salt", text: `salt ${a.salt} → ${b.salt}` });
  configChanges(a, b, changes);
  return changes.length > 0 ? { key, status: "changed", changes } : undefined;
}

function metaChanges(a: FlagIR, b: FlagIR, out: Change[]): void {
  for (const field of ["owner", "expires", "kind", "description"] as const) {
    const va = a.meta?.[field];
    const vb = b.meta?.[field];
    if (va === vb) continue;
    const show = (v: string | undefined) => (v === undefined ? "(none)" : field === "description" ? JSON.stringify(v) : v);
    out.push({ kind: field, text: `${field} ${show(va)} → ${show(vb)}` });
  }
}

function variationChanges(a: FlagIR, b: FlagIR, out: Change[]): void {
  if (a.type === "boolean" && b.type === "boolean") return;
  if (a.type === "json" && b.type === "json") {
    const vb = new Map(b.variations.map((v) => [v.name, v.value]));
    const va = new Map(a.variations.map((v) => [v.name, v.value]));
    for (const v of a.variations) {
      if (!vb.has(v.name)) out.push({ kind: "variation-removed", text: `variation ${v.name} removed` });
      else if (canonicalJson(v.value) !== canonicalJson(vb.get(v.name))) {
        out.push({ kind: "variation-changed", text: `variation ${v.name} value ${canonicalJson(v.value)} → ${canonicalJson(vb.get(v.name))}` });
      }
    }
    for (const v of b.variations) if (!va.has(v.name)) out.push({ kind: "variation-added", text: `variation ${v.name} added: ${canonicalJson(v.value)}` });
    return;
  }
  const keys = (f: FlagIR) => new Set(f.variations.map((v) => canonicalJson(v.value)));
  const ka = keys(a);
  const kb = keys(b);
  for (const v of a.variations) if (!kb.has(canonicalJson(v.value))) out.push({ kind: "variation-removed", text: `variation ${canonicalJson(v.value)} removed` });
  for (const v of b.variations) if (!ka.has(canonicalJson(v.value))) out.push({ kind: "variation-added", text: `variation ${canonicalJson(v.value)} added` });
}

function configChanges(a: FlagIR, b: FlagIR, out: Change[]): void {
  const na = normal(a);
  const nb = normal(b);
  const everyone = (kind: Change["kind"], text: string) =>
    push(out, { kind, text, impact: serveImpact(a, na.fallthrough, b, nb.fallthrough, "everyone") });
  if (na.kind === "none" && nb.kind === "none") return;
  if (na.kind === "none" || nb.kind === "none") {
    const [kind, text] = na.kind === "none" ? (["config-added", `config added: ${describe(b)}`] as const) : (["config-removed", `config removed: ${describe(b)}`] as const);
    if (na.kind !== "rules" && nb.kind !== "rules") return everyone(kind, text);
    out.push({ kind, text });
  } else if (na.kind === "static" && nb.kind === "static") {
    if (serveKey(a, na.fallthrough) !== serveKey(b, nb.fallthrough)) everyone("value", `value ${serveChangeText(a, na.fallthrough, b, nb.fallthrough)}`);
    return;
  } else if (na.kind !== nb.kind) {
    out.push({ kind: "config-kind", text: na.kind === "static" ? `bare value ${serveText(a, na.fallthrough)} → ${describe(b)}` : `rules → bare value: ${describe(b)}` });
  }
  ruleChanges(a, na, b, nb, out);
  if (serveKey(a, na.fallthrough) !== serveKey(b, nb.fallthrough)) {
    const audience = na.rules.length === 0 && nb.rules.length === 0 ? "everyone" : "units matching no rule";
    const impact = serveImpact(a, na.fallthrough, b, nb.fallthrough, audience);
    push(out, { kind: "fallthrough", text: `fallthrough ${serveChangeText(a, na.fallthrough, b, nb.fallthrough)}`, impact });
  }
}

const condKey = (r: RuleIR) => canonicalJson(r.if);

function ruleChanges(fa: FlagIR, na: Normal, fb: FlagIR, nb: Normal, out: Change[]): void {
  // Pairs of [index in a, index in b]: by name first, then by identical condition.
  const pairs: [number, number][] = [];
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  nb.rules.forEach((rb, j) => {
    if (rb.name === undefined) return;
    const i = na.rules.findIndex((ra, i) => !usedA.has(i) && ra.name === rb.name);
    if (i >= 0) (pairs.push([i, j]), usedA.add(i), usedB.add(j));
  });
  nb.rules.forEach((rb, j) => {
    if (usedB.has(j)) return;
    const i = na.rules.findIndex((ra, i) => !usedA.has(i) && condKey(ra) === condKey(rb) && (ra.name === undefined || rb.name === undefined));
    if (i >= 0) (pairs.push([i, j]), usedA.add(i), usedB.add(j));
  });
  pairs.sort((x, y) => x[1] - y[1]);

  na.rules.forEach((ra, i) => {
    if (usedA.has(i)) return;
    const cond = readableCondition(ra.if);
    out.push({ kind: "rule-removed", text: `${ruleLabel(ra, i)} removed (was: if ${cond} serve ${serveText(fa, ra.serve)})`, impact: { audience: cond } });
  });
  nb.rules.forEach((rb, j) => {
    if (usedB.has(j)) return;
    const cond = readableCondition(rb.if);
    out.push({ kind: "rule-added", text: `${ruleLabel(rb, j)} added at position ${j + 1}: if ${cond} serve ${serveText(fb, rb.serve)}`, impact: { audience: cond } });
  });
  for (const [i, j] of pairs) {
    const ra = na.rules[i];
    const rb = nb.rules[j];
    const label = ruleLabel(rb, j);
    if (condKey(ra) !== condKey(rb)) {
      const before = readableCondition(ra.if);
      const after = readableCondition(rb.if);
      out.push({ kind: "rule-condition", text: `${label} condition: ${before} → ${after}`, impact: { audience: `(${before}) or (${after})` } });
    }
    if (serveKey(fa, ra.serve) !== serveKey(fb, rb.serve)) {
      const audience = readableCondition(rb.if);
      const impact = serveImpact(fa, ra.serve, fb, rb.serve, audience);
      push(out, { kind: "rule-serve", text: `${label}: serve ${serveChangeText(fa, ra.serve, fb, rb.serve)}`, impact });
    }
  }
  reorder(fb, na, nb, pairs, out);
}

/** Matched rules whose relative order changed; harmless only when every swapped pair provably agrees. */
function reorder(fb: FlagIR, na: Normal, nb: Normal, pairs: [number, number][], out: Change[]): void {
  const swapped: [number, number][] = [];
  for (let x = 0; x < pairs.length; x++) {
    for (let y = x + 1; y < pairs.length; y++) if (pairs[x][0] > pairs[y][0]) swapped.push([pairs[x][1], pairs[y][1]]);
  }
  if (swapped.length === 0) return;
  const harmless = swapped.every(([p, q]) => {
    const rp = nb.rules[p];
    const rq = nb.rules[q];
    return serveKey(fb, rp.serve) === serveKey(fb, rq.serve) || provablyDisjoint(rp.if, rq.if);
  });
  const byA = [...pairs].sort((x, y) => x[0] - y[0]);
  const names = (list: [number, number][], side: "a" | "b") =>
    list.map(([i, j]) => (side === "a" ? shortLabel(na.rules[i], i) : shortLabel(nb.rules[j], j))).join(", ");
  const verdict = harmless
    ? "harmless: the swapped rules cannot both match or serve the same"
    : "may change the value of units matching more than one of the swapped rules";
  out.push({ kind: "rules-reordered", text: `rules reordered: ${names(byA, "a")} → ${names(pairs, "b")} (${verdict})`, harmless });
}

const shortLabel = (r: RuleIR, i: number) => (r.name !== undefined ? `"${r.name}"` : `[${readableCondition(r.if)}]`);
