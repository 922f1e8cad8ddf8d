// How long each flag has been served unchanged by the stable release of each environment, from the store's
// pointer history. "Unchanged" compares what the releases' env files serve for the flag (its compiled config and
// the segments it uses, owner and description left out), so a rollback, a re-promotion or a release that only
// touched other flags does not reset the clock, and one that changed the flag does.
import type { JsonValue } from "../model.js";
import { flagFingerprints } from "../release/fingerprint.js";

/** One environment's stable releases, oldest first: each version from the time it became stable. */
export interface StableSpan {
  version: string;
  /** Epoch ms the pointer made it stable. */
  since: number;
}

export interface EnvTimeline {
  env: string;
  stables: StableSpan[];
  /** The candidate rolling out now, if any. */
  candidate: string | null;
}

/** Per version and env: flag key -> what it serves, as comparable text. */
export type ServedLookup = (version: string, env: string) => Record<string, string> | undefined;

/** A compiled env file's flags as comparable text, without metadata that does not change what is served. */
export function servedFingerprints(envFile: JsonValue): Record<string, string> {
  if (typeof envFile !== "object" || envFile === null || Array.isArray(envFile)) return {};
  const flags = envFile.flags;
  if (typeof flags !== "object" || flags === null || Array.isArray(flags)) return {};
  const bare: Record<string, JsonValue> = {};
  for (const [key, f] of Object.entries(flags)) {
    if (typeof f === "object" && f !== null && !Array.isArray(f)) {
      const { meta: _meta, ...rest } = f;
      bare[key] = rest;
    } else bare[key] = f;
  }
  return flagFingerprints({ ...envFile, flags: bare });
}

/** Collapses a history (oldest first) into the spans of distinct consecutive stable versions. */
export function stableSpans(history: readonly { stable: string | null; updatedAt: string }[]): StableSpan[] {
  const out: StableSpan[] = [];
  for (const p of history) {
    if (p.stable === null) continue;
    if (out.length > 0 && out[out.length - 1].version === p.stable) continue;
    const at = Date.parse(p.updatedAt);
    if (Number.isFinite(at)) out.push({ version: p.stable, since: at });
  }
  return out;
}

export type EnvSettledness =
  | { env: string; state: "unchanged"; since: number; version: string }
  | { env: string; state: "not-served"; version: string }
  | { env: string; state: "changing"; candidate: string };

/** For one flag: per environment with a stable release, since when its stable release serves it unchanged. */
export function flagSettledness(key: string, timelines: readonly EnvTimeline[], served: ServedLookup): EnvSettledness[] {
  const out: EnvSettledness[] = [];
  for (const t of timelines) {
    if (t.stables.length === 0) continue;
    const last = t.stables[t.stables.length - 1];
    const current = served(last.version, t.env)?.[key];
    if (current === undefined) {
      out.push({ env: t.env, state: "not-served", version: last.version });
      continue;
    }
    if (t.candidate !== null && t.candidate !== last.version && served(t.candidate, t.env)?.[key] !== current) {
      out.push({ env: t.env, state: "changing", candidate: t.candidate });
      continue;
    }
    let since = last.since;
    for (let i = t.stables.length - 2; i >= 0; i--) {
      if (served(t.stables[i].version, t.env)?.[key] !== current) break;
      since = t.stables[i].since;
    }
    out.push({ env: t.env, state: "unchanged", since, version: last.version });
  }
  return out;
}

/** Settled: some environment has a stable release, and every one that does has served the flag unchanged for longer than `afterMs`. */
export function settledSince(per: readonly EnvSettledness[], now: number, afterMs: number): { settled: boolean; since?: number } {
  if (per.length === 0) return { settled: false };
  let since = -Infinity;
  for (const e of per) {
    if (e.state !== "unchanged" || now - e.since <= afterMs) return { settled: false };
    since = Math.max(since, e.since);
  }
  return { settled: true, since };
}
