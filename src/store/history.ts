// Reading envs/<env>/history/, newest first.
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
    return got && got !== "not-modified" ? parsePointer(got.body, e.key, store.url) : null;
  });
  for (const p of bodies) if (p) out.push(p);
  return out.slice(0, limit);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
