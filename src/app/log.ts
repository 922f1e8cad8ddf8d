// `flagctl log` as data: an environment's newest history entries, each with the entry before it and the
// manifests of the releases it introduced (release notes; a missing manifest is null, not an error).
import { checkEnv } from "./loadProject.js";
import type { Manifest } from "../core/release/manifest.js";
import type { Pointer } from "../core/release/pointer.js";
import { missingHistory, readHistory } from "../store/history.js";
import type { ObjectStore } from "../store/store.js";
import { readManifestLoosely } from "./fetchRelease.js";

export interface LogInput {
  store: ObjectStore;
  environments: readonly string[];
  env: string;
  limit: number;
}

export interface LogEntry {
  entry: Pointer;
  /** The state before this entry; null for the first, or when `previousMissing`. */
  before: Pointer | null;
  /** The entry just before this one is missing from the store: what this one changed is unknown. */
  previousMissing?: boolean;
}

export interface LogReport {
  env: string;
  store: string;
  entries: LogEntry[];
  /** History seqs missing from the store (deleted or lost). */
  missing: number[];
  /** Release notes by version, for the versions the entries introduced. */
  notes: Map<string, Manifest | null>;
}

/** Versions this entry put somewhere they were not before: the ones whose release notes belong here. */
export function introduced(before: Pointer | null, after: Pointer): string[] {
  const had = new Set([before?.stable, before?.candidate].filter((v): v is string => !!v));
  return [after.candidate, after.stable].filter((v): v is string => !!v && !had.has(v));
}

export async function log(input: LogInput): Promise<LogReport> {
  const { store, env, limit } = input;
  checkEnv(input.environments, env);
  // One more than shown, so the oldest shown entry has a "before".
  const [history, missing] = await Promise.all([readHistory(store, env, { limit: limit + 1 }), missingHistory(store, env)]);
  // The state before an entry is the entry with the seq just below it; with that one gone, it is unknown, and a
  // from→to read across the gap would be wrong.
  const gone = new Set(missing);
  const entries = history
    .slice(0, limit)
    .map((entry, i): LogEntry => (gone.has(entry.seq - 1) ? { entry, before: null, previousMissing: true } : { entry, before: history[i + 1] ?? null }));
  const notes = new Map<string, Manifest | null>();
  for (const { entry, before, previousMissing } of entries) {
    if (previousMissing) continue;
    for (const v of introduced(before, entry)) if (!notes.has(v)) notes.set(v, await readManifestLoosely(store, v));
  }
  return { env, store: store.url, entries, missing, notes };
}
