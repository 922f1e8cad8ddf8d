// Why a flag is ready to be deleted. Pure: the clock comes in as `now`, references and store facts as values.
import type { EnvConfig, Flag, FlagValue, Serve } from "../model.js";
import { parseDay } from "../lint/flag-meta.js";
import type { EnvSettledness } from "./settled.js";
import { settledSince } from "./settled.js";

export type StaleReason = "expired" | "unreferenced" | "uniform" | "settled";

export interface StaleFlag {
  key: string;
  owner: string | null;
  kind: string | null;
  reasons: StaleReason[];
  /** One line: each reason's evidence, "; "-separated. */
  detail: string;
  /** The flag file, repo-relative. */
  file: string;
}

export interface StaleInput {
  flags: Iterable<Flag>;
  environments: readonly string[];
  now: Date;
  /** Reference counts by key, when code dirs were scanned. */
  references?: { counts: ReadonlyMap<string, number>; dirs: number };
  /** Per key, from the store's history, when a store was read. */
  settledness?: { perFlag: ReadonlyMap<string, EnvSettledness[]>; afterMs: number };
}

const DAY_MS = 86_400_000;
const days = (ms: number) => Math.floor(ms / DAY_MS);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

/** Every stale flag, sorted by key; flags with no reason are left out. */
export function findStale(input: StaleInput): StaleFlag[] {
  const now = input.now.getTime();
  const today = parseDay(input.now.toISOString().slice(0, 10))!;
  const out: StaleFlag[] = [];
  for (const flag of [...input.flags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const reasons: StaleReason[] = [];
    const detail: string[] = [];
    const end = flag.expires === undefined ? undefined : parseDay(flag.expires);
    if (end !== undefined && end < today) {
      reasons.push("expired");
      detail.push(`expired ${flag.expires}, ${plural(days(today - end), "day")} ago`);
    }
    if (input.references && (input.references.counts.get(flag.key) ?? 0) === 0) {
      reasons.push("unreferenced");
      detail.push(`no references in ${plural(input.references.dirs, "code dir")}`);
    }
    const longLived = flag.kind === "kill-switch";
    const value = longLived ? undefined : uniformValue(flag, input.environments);
    if (value !== undefined) {
      reasons.push("uniform");
      detail.push(`serves ${value} everywhere`);
    }
    if (input.settledness && !longLived) {
      const s = settledSince(input.settledness.perFlag.get(flag.key) ?? [], now, input.settledness.afterMs);
      if (s.settled) {
        reasons.push("settled");
        detail.push(`unchanged in every environment's stable release for ${plural(days(now - s.since!), "day")} (since ${new Date(s.since!).toISOString().slice(0, 10)})`);
      }
    }
    if (reasons.length === 0) continue;
    out.push({ key: flag.key, owner: flag.owner?.trim() || null, kind: flag.kind ?? null, reasons, detail: detail.join("; "), file: flag.file });
  }
  return out;
}

/**
 * The one value every environment serves to everyone (no rules, no split: a bare value, a fallthrough alone,
 * a rollout with a single variation, or the default where an environment has no config), as display text;
 * undefined when any environment can serve two values.
 */
export function uniformValue(flag: Flag, environments: readonly string[]): string | undefined {
  let seen: string | undefined;
  for (const env of environments) {
    const v = onlyValue(flag, flag.environments[env]);
    if (v === undefined || (seen !== undefined && v !== seen)) return undefined;
    seen = v;
  }
  return seen;
}

function onlyValue(flag: Flag, cfg: EnvConfig | undefined): string | undefined {
  if (!cfg) return flag.type === "json" ? (flag.defaultVariation ?? shown(flag, flag.default)) : shown(flag, flag.default);
  if (cfg.kind === "static") return servedText(flag, cfg.serve);
  if (cfg.rules.length > 0) return undefined;
  return servedText(flag, cfg.fallthrough);
}

function servedText(flag: Flag, s: Serve): string | undefined {
  if (s.kind === "value") return flag.type === "json" ? String(s.value) : shown(flag, s.value);
  const live = s.weights.filter((w) => w.weight > 0);
  if (live.length !== 1 || live[0].weight !== 100) return undefined;
  const v = live[0].variation;
  if (flag.type === "json") return v;
  if (flag.type === "string") return JSON.stringify(v);
  return v; // booleans and numbers are written as their text
}

const shown = (flag: Flag, v: FlagValue): string => (flag.type === "json" ? JSON.stringify(v) : typeof v === "string" ? JSON.stringify(v) : String(v));
