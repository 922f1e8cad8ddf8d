// Worker thread body for checkRepoParallel. It compiles the schemas as soon as it starts (possibly while the
// main thread is still reading or planning), then waits for its input, claims chunks of jobs from the shared
// counter and posts their results back in batches, so the main thread takes them in while it works.
import { parentPort } from "node:worker_threads";
import { checkFile, type FileJob, type FileResult } from "../core/checkRepo.js";
import type { Project, SourceFile } from "../core/model.js";
import { schemaValidator } from "../schemas.js";
import { claimChunk, type Batch } from "./claimJobs.js";

export interface WorkerInput {
  jobs: FileJob[];
  /** The jobs' own files plus every file outside the config directories (json-flag schema references). */
  files: SourceFile[];
  project?: Project;
  /** Shared job counter (claimChunk). */
  next: Int32Array;
}

/** Posted for each batch of results, then once with `done` when no job is left. */
export type WorkerMessage = Batch<FileResult> & { done?: true };

/** Chunks per posted batch: small batches keep the main thread's final catch-up short. */
const CHUNKS_PER_BATCH = 4;

const validator = schemaValidator();
parentPort!.once("message", (input: WorkerInput) => {
  const bytes = new Map(input.files.map((f) => [f.path, f.bytes]));
  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const run = (i: number) => checkFile(input.jobs[i], byPath.get(input.jobs[i].path)!, input.project, bytes, validator);
  let batch: WorkerMessage = { indices: [], results: [] };
  for (let chunks = 1, chunk; (chunk = claimChunk(input.jobs.length, input.next, run)); chunks++) {
    batch.indices.push(...chunk.indices);
    batch.results.push(...chunk.results);
    if (chunks % CHUNKS_PER_BATCH === 0) {
      parentPort!.postMessage(batch);
      batch = { indices: [], results: [] };
    }
  }
  parentPort!.postMessage({ ...batch, done: true } satisfies WorkerMessage);
});
