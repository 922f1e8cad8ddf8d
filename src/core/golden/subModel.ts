// The part of an env model one flag needs: the flag and, transitively, the flags its prerequisites name
// (directly or inside segments). Specialising this is what a population test that varies a static
// attribute does once per unit, so it must not cost the whole repo each time.
import type { CondIR, EnvModel } from "../compile/index.js";

export function subModel(model: EnvModel, key: string): EnvModel {
  const flags: EnvModel["flags"] = {};
  const seenSegments = new Set<string>();
  const pending = [key];
  const walk = (c: CondIR): void => {
    switch (c.kind) {
      case "all":
      case "any":
        c.of.forEach(walk);
        return;
      case "not":
        walk(c.of);
        return;
      case "flag":
        pending.push(c.key);
        return;
      case "segment":
        for (const n of c.names) {
          if (seenSegments.has(n) || !Object.hasOwn(model.segments, n)) continue;
          seenSegments.add(n);
          walk(model.segments[n]);
        }
        return;
      default:
        return;
    }
  };
  while (pending.length) {
    const k = pending.pop()!;
    if (Object.hasOwn(flags, k) || !Object.hasOwn(model.flags, k)) continue;
    const f = model.flags[k];
    flags[k] = f;
    if (f.config?.kind === "rules") for (const r of f.config.rules) walk(r.if);
  }
  const segments: EnvModel["segments"] = {};
  for (const n of [...seenSegments].sort()) segments[n] = model.segments[n];
  return { ...model, segments, flags };
}
