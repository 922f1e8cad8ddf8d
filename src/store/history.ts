// Reading envs/<env>/history/, newest first.
import { mapLimit } from "../core/mapLimit.js";
import { historyPrefix, seqOfHistoryKey } from "./keys.js";
import { parsePointer, readPointer } from "./pointer.js";
import type { Pointer } from "../core/release/pointer.js";
import type { ObjectStore } from "./store.js";

/**
 * Pointer states of `env`, newest first, at most `limit`. The current pointer is included even when a writer
 * died before recording its history entry (the next write records it; see pointer.ts).
 */
export async function readHistory(
  store: ObjectStore,
  env: string,
  options: { limit?: number } = {},
): Promise<Pointer[]> {
  const limit = options.limit ?? Infinity;
  const [keys, { pointer }] = await Promise.all([store.list(historyPrefix(env)), readPointer(store, env)]);
  const entries = keys
    .map((key) => ({ key, seq: seqOfHistoryKey(key) }))
    .filter((e): e is { key: string; seq: number } => e.seq !== null)
    .sort((a, b) => b.seq - a.seq);
  const out: Pointer[] = [];
  if (pointer && (entries.length === 0 || entries[0].seq < pointer.seq)) out.push(pointer);
  const wanted = entries.slice(0, Math.max(0, limit - out.length));
  const bodies = await mapLimit(wanted, 8, async (e) => {
    const got = await store.get(e.key);
    return got && got !== "not-modified" ? parsePointer(got.body, e.key, store.url, "as-written") : null;
  });
  for (const p of bodies) if (p) out.push(p);
  return out.slice(0, limit);
}

/**
 * Seqs from 1 up to the env's newest state that have no history entry: deleted by hand or lost. The newest state
 * may live only in the pointer (a writer died before recording it; the next write records it), which is no gap.
 */
export async function missingHistory(store: ObjectStore, env: string): Promise<number[]> {
  const [keys, { pointer }] = await Promise.all([store.list(historyPrefix(env)), readPointer(store, env)]);
  return historyGaps(
    keys.map(seqOfHistoryKey).filter((s): s is number => s !== null),
    pointer?.seq ?? null,
  );
}

export function historyGaps(present: readonly number[], pointerSeq: number | null): number[] {
  const have = new Set(present);
  if (pointerSeq !== null) have.add(pointerSeq);
  const top = Math.max(0, ...have);
  const missing: number[] = [];
  for (let seq = 1; seq <= top; seq++) if (!have.has(seq)) missing.push(seq);
  return missing;
}

/** "#4", "#4-#6, #9": for messages. */
export function describeSeqs(seqs: readonly number[], max = 10): string {
  const ranges: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j] + 1) j++;
    ranges.push(i === j ? `#${seqs[i]}` : `#${seqs[i]}-#${seqs[j]}`);
    i = j + 1;
  }
  return ranges.length > max ? `${ranges.slice(0, max).join(", ")} and ${ranges.length - max} more ranges` : ranges.join(", ");
}
