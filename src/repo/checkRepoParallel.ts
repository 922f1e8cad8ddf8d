// Adapter: runs checkRepo's per-file stage on worker threads for large repos. Same result as checkRepo.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkFile, finishRepo, planRepo, type CheckRepoOptions, type CheckRepoResult, type FileJob, type FileResult, type RepoPlan } from "../core/checkRepo.js";
import type { SchemaValidator } from "../core/schema/validator.js";
import type { SourceFile } from "../core/model.js";
import type { WorkerInput } from "./checkWorker.js";

/** Below this many files a worker's start-up (module load, schema compile) costs more than it saves. */
export const PARALLEL_MIN_FILES = 1500;
const MAX_THREADS = 4;

export async function checkRepoParallel(files: readonly SourceFile[], opts: CheckRepoOptions): Promise<CheckRepoResult> {
  const plan = planRepo(files, opts.validator);
  return finishRepo(plan, files, await checkJobsParallel(plan, files, plan.jobs, opts.validator), opts.today);
}

/** checkFile for each of `jobs` (a subset of plan.jobs), on worker threads when there are enough of them. */
export async function checkJobsParallel(plan: RepoPlan, files: readonly SourceFile[], jobs: FileJob[], validator: SchemaValidator): Promise<FileResult[]> {
  const threads = Math.min(MAX_THREADS, availableParallelism());
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const runHere = (some: FileJob[]) => some.map((job) => checkFile(job, byPath.get(job.path)!, plan.project, bytes, validator));
  if (threads < 2 || jobs.length < PARALLEL_MIN_FILES) return runHere(jobs);

  // Interleaved shares balance the work (flag areas differ in size); the main thread takes one share itself.
  const shares: FileJob[][] = Array.from({ length: threads }, () => []);
  jobs.forEach((job, i) => shares[i % threads].push(job));
  const jobPaths = new Set(plan.jobs.map((j) => j.path));
  const shared = files.filter((f) => !jobPaths.has(f.path));
  const pending = shares.slice(1).map((some) => runWorker({ jobs: some, files: [...shared, ...some.map((j) => byPath.get(j.path)!)], project: plan.project }));
  const mine = runHere(shares[0]);
  const theirs = await Promise.all(pending);
  return [...mine, ...theirs.flat()];
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
