// Which URLs a flag's `checks:` must look at: the value at the check's JSON pointer of every value the flag
// can serve in any environment (what each env's config serves, plus the default, which any env serves on an
// error). Pure; the adapter in src/checks/ does the network part.
import { compileRepo } from "../compile/index.js";
import { servedVariations } from "../diff/breaking.js";
import type { Check, JsonValue, Repo } from "../model.js";

export interface CheckTarget {
  flag: string;
  check: Check;
  /** The string at the pointer, or null when there is none or it is not a string. */
  url: string | null;
  /** Why url is null. */
  problem?: string;
  variations: string[];
  envs: string[];
}

export function checkTargets(repo: Repo, filter?: string): CheckTarget[] {
  const withChecks = [...repo.flags.values()].filter((f) => f.checks.length > 0 && (filter === undefined || f.key.toLowerCase().includes(filter.toLowerCase())));
  if (withChecks.length === 0) return [];
  const models = compileRepo(repo);
  const out: CheckTarget[] = [];
  for (const flag of withChecks) {
    // value text -> { value, variations, envs }, in first-seen order so output is stable.
    const served = new Map<string, { value: JsonValue; variations: Set<string>; envs: Set<string> }>();
    for (const env of repo.project.environments) {
      const ir = models[env]?.flags[flag.key];
      if (!ir) continue;
      for (const i of new Set([ir.default, ...servedVariations(ir)])) {
        const v = ir.variations[i];
        const k = JSON.stringify(v.value);
        let s = served.get(k);
        if (!s) served.set(k, (s = { value: v.value, variations: new Set(), envs: new Set() }));
        s.variations.add(v.name);
        s.envs.add(env);
      }
    }
    for (const check of flag.checks) {
      const byUrl = new Map<string, CheckTarget>();
      for (const s of served.values()) {
        const at = jsonPointer(s.value, check.pointer);
        const url = typeof at === "string" ? at : null;
        const problem = at === undefined ? `no value at ${JSON.stringify(check.pointer)}` : url === null ? `the value at ${JSON.stringify(check.pointer)} is not a string` : undefined;
        const key = url ?? `\u0000${JSON.stringify(s.value)}`;
        let t = byUrl.get(key);
        if (!t) byUrl.set(key, (t = { flag: flag.key, check, url, ...(problem ? { problem } : {}), variations: [], envs: [] }));
        for (const v of s.variations) if (!t.variations.includes(v)) t.variations.push(v);
        for (const e of s.envs) if (!t.envs.includes(e)) t.envs.push(e);
      }
      out.push(...byUrl.values());
    }
  }
  return out;
}

/** RFC 6901. Undefined when the pointer names nothing in the value. */
export function jsonPointer(value: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === "") return value;
  let cur: JsonValue | undefined = value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      cur = cur[Number(token)];
    } else if (cur !== null && typeof cur === "object") {
      cur = Object.hasOwn(cur, token) ? cur[token] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}
