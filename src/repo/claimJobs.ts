// Shared by checkRepoParallel and its workers: threads take jobs in small chunks from one shared counter, so
// whoever is free (the main thread at once, a worker once it has started) does the next files and no thread
// waits on a fixed share that turned out larger.

/** Jobs taken per claim: small enough to balance, large enough that the atomic add costs nothing. */
export const CHUNK = 32;

/** A counter threads can share (`next` in claimChunk). */
export function jobCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Job indices of the results, which are in the same order. */
export interface Batch<T> {
  indices: number[];
  results: T[];
}

/** Claims the next chunk of the `count` jobs from `next` and runs it; undefined once every job is taken. */
export function claimChunk<T>(count: number, next: Int32Array, run: (index: number) => T): Batch<T> | undefined {
  const start = Atomics.add(next, 0, CHUNK);
  if (start >= count) return undefined;
  const batch: Batch<T> = { indices: [], results: [] };
  withPlainEnv(() => {
    for (let i = start; i < Math.min(start + CHUNK, count); i++) {
      batch.indices.push(i);
      batch.results.push(run(i));
    }
  });
  return batch;
}

/**
 * Runs `fn` with `process.env` as a plain copy. The yaml parser reads `process.env.LOG_TOKENS` for every token,
 * and the real `process.env` goes to the OS environment on each read: about a fifth of all parse time. The
 * copy holds the same values; `fn` is synchronous, so no other code sees the swap, and the real object is back
 * before anything else runs.
 */
export function withPlainEnv<T>(fn: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return fn();
  } finally {
    process.env = env;
  }
}
