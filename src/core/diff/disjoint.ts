// Conservative proof that two conditions cannot both hold: some attribute is pinned by an `=`/`in` conjunct of
// each to value sets that do not meet. Anything else (segments, ranges, negations, or) is "maybe both".
import { canonicalJson } from "../compile/canonical-json.js";
import type { CondIR } from "../compile/ir.js";

function pinned(c: CondIR, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (c.kind === "all") for (const x of c.of) pinned(x, out);
  else if (c.kind === "any" && c.of.length === 1) pinned(c.of[0], out);
  else if (c.kind === "attr" && (c.op === "eq" || c.op === "in")) {
    const values = new Set((c.op === "eq" ? [c.value] : c.values).map((v) => canonicalJson(v)));
    const prev = out.get(c.attr);
    out.set(c.attr, prev ? new Set([...prev].filter((v) => values.has(v))) : values);
  }
  return out;
}

export function provablyDisjoint(a: CondIR, b: CondIR): boolean {
  const pa = pinned(a);
  const pb = pinned(b);
  for (const [attr, va] of pa) {
    if (va.size === 0) return true; // a itself can never hold
    const vb = pb.get(attr);
    if (vb && ![...va].some((v) => vb.has(v))) return true;
  }
  for (const vb of pb.values()) if (vb.size === 0) return true;
  return false;
}
