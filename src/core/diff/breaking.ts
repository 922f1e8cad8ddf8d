// A change is breaking when a release that is deployed (stable, or a candidate rolling out) still serves
// what the change takes away: during a rollout, services run both releases, so code reading the new config
// still meets values of the old one. Removed flags and type changes count; so does a removed variation that
// the deployed config serves: json variations by name; string and number variations by value, when the new
// side's flag file declares `variations:` (the IR alone cannot tell a declared variation from a value an env
// happens to serve, so the caller passes the declared lists from the parsed repo).
import { canonicalJson } from "../compile/canonical-json.js";
import type { EnvModel, FlagIR } from "../compile/ir.js";
import type { JsonValue } from "../model.js";
import type { Breaking } from "./model.js";

export interface Deployed {
  /** "stable v…" or "candidate v… (25% of hosts)". */
  label: string;
  model: EnvModel;
}

/** Indexes of the variations a flag's config serves (the default where the env has no config). */
export function servedVariations(f: FlagIR): Set<number> {
  const c = f.config;
  const serves = !c ? [] : c.kind === "static" ? [] : [...c.rules.map((r) => r.serve), c.fallthrough];
  const out = new Set<number>(!c ? [f.default] : c.kind === "static" ? [c.serve] : []);
  for (const s of serves) {
    if (s.kind === "value") out.add(s.variation);
    else for (const w of s.weights) if (w.weight > 0) out.add(w.variation);
  }
  return out;
}

/**
 * `declared(key)`: the new side's declared variation values of a string or number flag, or undefined when the
 * flag declares none (then any value may be served and nothing counts as removed).
 */
export function findBreaking(env: string, proposed: EnvModel, deployed: Deployed[], declared: (key: string) => JsonValue[] | undefined = () => undefined): Breaking[] {
  const out: Breaking[] = [];
  for (const d of deployed) {
    for (const [key, old] of Object.entries(d.model.flags)) {
      const now = Object.prototype.hasOwnProperty.call(proposed.flags, key) ? proposed.flags[key] : undefined;
      const hit = (message: string) => out.push({ env, flag: key, deployed: d.label, message });
      if (!now) {
        hit(`flag ${key} is removed but ${env} ${d.label} still serves it`);
        continue;
      }
      if (now.type !== old.type) {
        hit(`flag ${key} changes type ${old.type} → ${now.type} but ${env} ${d.label} still serves ${old.type} values`);
        continue;
      }
      if (old.type === "json") {
        const remaining = new Set(now.variations.map((v) => v.name));
        for (const i of servedVariations(old)) {
          const name = old.variations[i]?.name;
          if (name !== undefined && !remaining.has(name)) hit(`flag ${key}: variation ${name} is removed but ${env} ${d.label} still serves it`);
        }
      } else if (old.type === "string" || old.type === "number") {
        const list = declared(key);
        if (!list) continue;
        const remaining = new Set(list.map((v) => canonicalJson(v)));
        for (const i of servedVariations(old)) {
          const value = old.variations[i]?.value;
          if (value !== undefined && !remaining.has(canonicalJson(value))) {
            hit(`flag ${key}: variation ${JSON.stringify(value)} is removed but ${env} ${d.label} still serves it`);
          }
        }
      }
    }
  }
  return out;
}
