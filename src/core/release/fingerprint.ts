// Each flag's compiled JSON in an environment, as text, for "flags changed since the parent release". A flag's
// fingerprint includes the segments it uses (transitively), so editing a segment marks its flags as changed.
import type { JsonValue } from "../model.js";
import { canonicalJson } from "../compile/canonical-json.js";

type Obj = { [key: string]: JsonValue };

/** `env` is a compiled environment as written to envs/<env>.json: { flags: {key: ...}, segments: {name: ...} }. */
export function flagFingerprints(env: JsonValue): Record<string, string> {
  const flags = isObj(env) && isObj(env.flags) ? env.flags : {};
  const segments = isObj(env) && isObj(env.segments) ? env.segments : {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(flags).sort()) {
    const used = new Set<string>();
    const pending = segmentRefs(flags[key]);
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (used.has(name)) continue;
      used.add(name);
      if (segments[name] !== undefined) pending.push(...segmentRefs(segments[name]));
    }
    const segs: Obj = {};
    for (const name of [...used].sort()) segs[name] = segments[name] ?? null;
    out[key] = canonicalJson({ flag: flags[key], segments: segs });
  }
  return out;
}

function segmentRefs(v: JsonValue): string[] {
  const out: string[] = [];
  const walk = (x: JsonValue): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isObj(x)) {
      if (x.kind === "segment" && Array.isArray(x.names)) for (const n of x.names) if (typeof n === "string") out.push(n);
      Object.values(x).forEach(walk);
    }
  };
  walk(v);
  return out;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
