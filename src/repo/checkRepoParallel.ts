// Adapter: runs checkRepo's per-file stage on worker threads for large repos. Same result as checkRepo.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkFile, finishRepo, planRepo, type CheckRepoOptions, type CheckRepoResult, type FileJob, type FileResult } from "../core/checkRepo.js";
import type { SourceFile } from "../core/model.js";
import type { WorkerInput } from "./checkWorker.js";

/** Below this many files a worker's start-up (module load, schema compile) costs more than it saves. */
export const PARALLEL_MIN_FILES = 1500;
const MAX_THREADS = 4;

export async function checkRepoParallel(files: readonly SourceFile[], opts: CheckRepoOptions): Promise<CheckRepoResult> {
  const plan = planRepo(files, opts.validator);
  const threads = Math.min(MAX_THREADS, availableParallelism());
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const runHere = (jobs: FileJob[]) => jobs.map((job) => checkFile(job, byPath.get(job.path)!, plan.project, bytes, opts.validator));
  if (threads < 2 || plan.jobs.length < PARALLEL_MIN_FILES) return finishRepo(plan, files, runHere(plan.jobs), opts.today);

  // Interleaved shares balance the work (flag areas differ in size); the main thread takes one share itself.
  const shares: FileJob[][] = Array.from({ length: threads }, () => []);
  plan.jobs.forEach((job, i) => shares[i % threads].push(job));
  const jobPaths = new Set(plan.jobs.map((j) => j.path));
  const shared = files.filter((f) => !jobPaths.has(f.path));
  const pending = shares.slice(1).map((jobs) => runWorker({ jobs, files: [...shared, ...jobs.map((j) => byPath.get(j.path)!)], project: plan.project }));
  const mine = runHere(shares[0]);
  const theirs = await Promise.all(pending);
  return finishRepo(plan, files, [...mine, ...theirs.flat()], opts.today);
}

function runWorker(input: WorkerInput): Promise<FileResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./checkWorker.js", import.meta.url), { workerData: input });
    let done = false;
    worker.once("message", (results: FileResult[]) => {
      done = true;
      resolve(results);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`check worker exited with code ${code} before reporting`));
    });
  });
}
