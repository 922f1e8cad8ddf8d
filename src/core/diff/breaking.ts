// A change is breaking when a release that is deployed (stable, or a candidate rolling out) still serves
// what the change takes away: during a rollout, services run both releases, so code reading the new config
// still meets values of the old one. Removed flags and type changes count; so does a removed json variation
// that the deployed config serves. (For string and number flags the IR cannot tell a declared variation from
// a value an env happens to serve, so only flag removal and type changes are checked for them.)
import type { EnvModel, FlagIR, ServeIR } from "../compile/ir.js";
import type { Breaking } from "./model.js";

export interface Deployed {
  /** "stable v…" or "candidate v… (25% of hosts)". */
  label: string;
  model: EnvModel;
}

function servedNames(f: FlagIR): Set<string> {
  const out = new Set<string>();
  const add = (s: ServeIR) => {
    if (s.kind === "value") out.add(f.variations[s.variation]?.name);
    else for (const w of s.weights) if (w.weight > 0) out.add(f.variations[w.variation]?.name);
  };
  const c = f.config;
  if (!c) out.add(f.variations[f.default]?.name);
  else if (c.kind === "static") out.add(f.variations[c.serve]?.name);
  else {
    for (const r of c.rules) add(r.serve);
    add(c.fallthrough);
  }
  return out;
}

export function findBreaking(env: string, proposed: EnvModel, deployed: Deployed[]): Breaking[] {
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
      if (old.type !== "json") continue;
      const remaining = new Set(now.variations.map((v) => v.name));
      for (const name of servedNames(old)) {
        if (!remaining.has(name)) hit(`flag ${key}: variation ${name} is removed but ${env} ${d.label} still serves it`);
      }
    }
  }
  return out;
}
