// Adapter: runs checkRepo's per-file stage on worker threads for large repos. Same result as checkRepo.
import { availableParallelism } from "node:os";
import { setImmediate } from "node:timers/promises";
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";
import { checkFile, finishRepo, planRepo, type CheckRepoOptions, type CheckRepoResult, type FileJob, type FileResult, type RepoPlan } from "../core/checkRepo.js";
import type { SchemaValidator } from "../core/schema/validator.js";
import type { SourceFile } from "../core/model.js";
import { claimChunk, jobCounter, withPlainEnv, type Batch } from "./claimJobs.js";
import type { WorkerInput, WorkerMessage } from "./checkWorker.js";

/** Below this many files a worker's start-up (module load, schema compile) costs more than it saves. */
export const PARALLEL_MIN_FILES = 1500;
const MAX_THREADS = 4;

/** Loaded only for a repo big enough to start workers: it is ~2 ms of every small repo's command otherwise. */
const workerThreads = () => createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");

/** A started check worker. `ended` settles when it stops, for whatever reason, even before it is used. */
export interface CheckWorker {
  worker: Worker;
  ended: Promise<Error>;
}

/**
 * Starts the check workers for a repo of `fileCount` files (none for a small repo), so that their start-up
 * overlaps the caller's own (schema compile, planning). Hand them to checkRepoParallel or checkJobsParallel,
 * which use or end them; until then they do not keep the process alive.
 */
export function startCheckWorkers(fileCount: number): CheckWorker[] {
  const threads = Math.min(MAX_THREADS, availableParallelism());
  if (threads < 2 || fileCount < PARALLEL_MIN_FILES) return [];
  return Array.from({ length: threads - 1 }, () => {
    const worker = new (workerThreads().Worker)(new URL("./checkWorker.js", import.meta.url));
    worker.unref();
    // Listen at once: a worker that fails while the caller is still busy must not be an uncaught error.
    const ended = new Promise<Error>((resolve) => {
      worker.once("error", resolve);
      worker.once("exit", (code) => resolve(new Error(`check worker exited with code ${code} before reporting`)));
    });
    return { worker, ended };
  });
}

export async function checkRepoParallel(files: readonly SourceFile[], opts: CheckRepoOptions, workers = startCheckWorkers(files.length)): Promise<CheckRepoResult> {
  const plan = planRepo(files, opts.validator);
  return finishRepo(plan, files, await checkJobsParallel(plan, files, plan.jobs, opts.validator, workers), opts.today, { metaSchemas: opts.validator.metaSchemas });
}

/**
 * checkFile for each of `jobs` (a subset of plan.jobs), in the same order; on worker threads when there are
 * enough jobs. `workers` (from startCheckWorkers) are used or ended.
 */
export async function checkJobsParallel(
  plan: RepoPlan,
  files: readonly SourceFile[],
  jobs: FileJob[],
  validator: SchemaValidator,
  workers = startCheckWorkers(jobs.length),
): Promise<FileResult[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const run = (i: number) => checkFile(jobs[i], byPath.get(jobs[i].path)!, plan.project, bytes, validator);
  if (workers.length === 0 || jobs.length < PARALLEL_MIN_FILES) {
    for (const w of workers) void w.worker.terminate();
    return withPlainEnv(() => jobs.map((_, i) => run(i)));
  }

  // The main thread starts on the jobs at once; each worker joins in when it has started (module load, schema
  // compile), taking chunks from the same counter, so all threads finish together whatever the start-up cost.
  const order = bigFilesAfterWarmUp(jobs.map((j) => byPath.get(j.path)!.bytes.length));
  const next = jobCounter();
  const results: FileResult[] = new Array(jobs.length);
  const take = (batch: Batch<FileResult>) => batch.indices.forEach((at, k) => (results[order[at]] = batch.results[k]));
  const jobPaths = new Set(plan.jobs.map((j) => j.path));
  const input: WorkerInput = {
    jobs: order.map((i) => jobs[i]),
    files: [...files.filter((f) => !jobPaths.has(f.path)), ...jobs.map((j) => byPath.get(j.path)!)],
    project: plan.project,
    next,
  };
  const all = Promise.all(workers.map((w) => runWorker(w, input, take)));
  all.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
  for (let chunk; (chunk = claimChunk(jobs.length, next, (at) => run(order[at]))); ) {
    take(chunk);
    // Let the workers' batches in between chunks: taking them now, not at the end, shortens the tail.
    await setImmediate();
  }
  await all;
  return results;
}

/** Files this large (a tests file of a few hundred golden tests) take a thread a good part of a second. */
export const BIG_FILE_BYTES = 64 * 1024;

/**
 * The order threads take jobs in (indices into `sizes`): big files, largest first, after the first quarter,
 * the rest as they were. Taken last, a 500 KB tests file kept one thread busy alone at the end; taken first,
 * it ran before the parser's code was optimised, at about twice the cost.
 */
export function bigFilesAfterWarmUp(sizes: readonly number[]): number[] {
  const all = sizes.map((_, i) => i);
  const big = all.filter((i) => sizes[i] >= BIG_FILE_BYTES).sort((a, b) => sizes[b] - sizes[a]);
  if (big.length === 0) return all;
  const rest = all.filter((i) => sizes[i] < BIG_FILE_BYTES);
  const at = Math.floor(rest.length / 4);
  return [...rest.slice(0, at), ...big, ...rest.slice(at)];
}

function runWorker({ worker, ended }: CheckWorker, input: WorkerInput, take: (batch: Batch<FileResult>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    worker.on("message", (message: WorkerMessage) => {
      take(message);
      if (!message.done) return;
      done = true;
      resolve();
      void worker.terminate();
    });
    void ended.then((err) => {
      if (!done) reject(err);
    });
    worker.ref();
    worker.postMessage(input);
  });
}
