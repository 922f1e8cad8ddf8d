// Worker thread body for checkRepoParallel: checks a share of the repo's files and posts the results back.
import { parentPort, workerData } from "node:worker_threads";
import { checkFile, type FileJob, type FileResult } from "../core/checkRepo.js";
import type { Project, SourceFile } from "../core/model.js";
import { schemaValidator } from "../schemas.js";

export interface WorkerInput {
  jobs: FileJob[];
  /** The jobs' own files plus every file outside the config directories (json-flag schema references). */
  files: SourceFile[];
  project?: Project;
}

const input = workerData as WorkerInput;
const validator = schemaValidator();
const bytes = new Map(input.files.map((f) => [f.path, f.bytes]));
const byPath = new Map(input.files.map((f) => [f.path, f]));
const results: FileResult[] = input.jobs.map((job) => checkFile(job, byPath.get(job.path)!, input.project, bytes, validator));
parentPort!.postMessage(results);
