// Config repos (work tree, git revisions) parsed and compiled for diff. Both sides of a diff share most files
// byte for byte, so per-file results (YAML, schema, parse) are kept by content and reused: the unchanged 99%
// of a PR is parsed once. Lint is not run: diff compiles what is there (judging it is `validate`'s job, and an
// old revision must stay diffable after one of its flags expired); files that do not parse are refused.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { finishRepo, planRepo, projectFileBroken, type FileJob, type FileResult } from "../core/checkRepo.js";
import { compileRepo } from "../core/compile/index.js";
import type { EnvModel } from "../core/compile/ir.js";
import type { Repo, SourceFile } from "../core/model.js";
import { ProjectError, RefusedError } from "../errors.js";
import { readTreeAt } from "../git/readTreeAt.js";
import { PROJECT_FILE } from "../core/repo/classify.js";
import { checkJobsParallel } from "../repo/checkRepoParallel.js";
import { readRepoFiles } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";

export interface LoadedRepo {
  /** "working tree" or "HEAD~1 (abc1234)". */
  where: string;
  repo: Repo;
  models: Record<string, EnvModel>;
}

const sha1 = (b: Uint8Array) => createHash("sha1").update(b).digest("hex");

export class RepoLoader {
  private readonly validator = schemaValidator();
  private readonly results = new Map<string, FileResult>();
  /** One load at a time, so the second side finds the first side's results. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly today: string) {}

  /** flagctl.yaml's `store:` in the working tree, read without loading the rest of the repo. */
  projectStore(root: string): string | undefined {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(root, PROJECT_FILE));
    } catch {
      return undefined;
    }
    return planRepo([{ path: PROJECT_FILE, bytes }], this.validator).project?.store;
  }

  workTree(root: string): Promise<LoadedRepo> {
    return this.enqueue(readRepoFiles(root), "working tree");
  }

  /** The repo at a git revision, read from the object database: the work tree is not touched. */
  async atRevision(root: string, rev: string): Promise<LoadedRepo> {
    const tree = await readTreeAt(root, rev);
    return this.enqueue(tree.files, `${rev} (${tree.commit.slice(0, 7)})`);
  }

  private enqueue(files: SourceFile[], where: string): Promise<LoadedRepo> {
    const run = this.queue.then(() => this.load(files, where));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(files: SourceFile[], where: string): Promise<LoadedRepo> {
    const plan = planRepo(files, this.validator);
    // A file's result also depends on flagctl.yaml and on files a flag may reference (schemas): key by those too.
    const jobPaths = new Set(plan.jobs.map((j) => j.path));
    const outside = createHash("sha1");
    for (const f of files) if (!jobPaths.has(f.path)) outside.update(f.path).update("\0").update(f.bytes).update("\0");
    const context = outside.digest("hex");
    const byPath = new Map(files.map((f) => [f.path, f]));
    const keyOf = (job: FileJob) => `${context}:${job.kind}:${job.path}:${sha1(byPath.get(job.path)!.bytes)}`;
    const keys = new Map(plan.jobs.map((j) => [j, keyOf(j)]));
    const missing = plan.jobs.filter((j) => !this.results.has(keys.get(j)!));
    const fresh = await checkJobsParallel(plan, files, missing, this.validator);
    missing.forEach((job) => this.results.set(keys.get(job)!, fresh.find((r) => r.path === job.path)!));
    const results = plan.jobs.map((j) => this.results.get(keys.get(j)!)!);
    const result = finishRepo(plan, files, results, this.today, { lint: false });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || !result.repo) {
      const first = errors[0];
      const at = first ? `; first: ${first.file}:${first.line}:${first.column} ${first.code} ${first.message}` : "";
      if (projectFileBroken(errors)) throw new ProjectError(`flagctl.yaml at ${where} is invalid${at}`, "run flagctl validate", "E_DIFF_PROJECT");
      throw new RefusedError(
        "E_DIFF_INVALID",
        `the config at ${where} does not load: ${errors.length} error${errors.length === 1 ? "" : "s"}${at}`,
        where === "working tree" ? "run flagctl validate and fix them" : "diff against a revision whose config loads",
      );
    }
    return { where, repo: result.repo, models: compileRepo(result.repo) };
  }
}
