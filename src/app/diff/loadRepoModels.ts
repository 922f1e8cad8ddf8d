// Config repos (work tree, git revisions) parsed and compiled for diff. Both sides of a diff share most files
// byte for byte, so per-file results (YAML, schema, parse) are kept by content and reused: the unchanged 99%
// of a PR is parsed once. Lint is not run: diff compiles what is there (judging it is `validate`'s job, and an
// old revision must stay diffable after one of its flags expired); files that do not parse are refused.
// A pair of sides that differ only in some flag files loads just those flags (pair, changedFlags.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { finishRepo, planRepo, projectFileBroken, type FileJob, type FileResult } from "../../core/checkRepo.js";
import { compileRepo } from "../../core/compile/index.js";
import type { EnvModel } from "../../core/compile/ir.js";
import type { Repo, SourceFile } from "../../core/model.js";
import { ProjectError, RefusedError } from "../../errors.js";
import { readTreeAt } from "../../git/readTreeAt.js";
import { PROJECT_FILE } from "../../core/repo/classify.js";
import { changedFlagKeys, prerequisiteKeys } from "./changedFlags.js";
import { checkJobsParallel } from "../../repo/checkRepoParallel.js";
import { readRepoFiles } from "../../repo/readRepo.js";
import { schemaValidator } from "../../schemas.js";

export interface LoadedRepo {
  /** "working tree" or "HEAD~1 (abc1234)". */
  where: string;
  repo: Repo;
  models: Record<string, EnvModel>;
  /**
   * Set when only some flags were loaded (pair): the whole side, every flag parsed and compiled. `repo` and
   * `models` then hold just the flags that can differ from the other side, and their prerequisites.
   */
  complete?: () => Promise<LoadedRepo>;
}

/** One side's files, read but not yet parsed. */
export interface RepoSide {
  where: string;
  files: SourceFile[];
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

  readWorkTree(root: string): RepoSide {
    return { where: "working tree", files: readRepoFiles(root) };
  }

  /**
   * The repo at a git revision, read from the object database: the work tree is not touched. Files of `reuse`
   * (the working tree, already read) that git holds unchanged are not read again.
   */
  async readRevision(root: string, rev: string, reuse?: RepoSide): Promise<RepoSide> {
    const tree = await readTreeAt(root, rev, { reuse: reuse?.files });
    return { where: `${rev} (${tree.commit.slice(0, 7)})`, files: tree.files };
  }

  /** A side already read (the report keeps the work tree's files to reuse them for git revisions). */
  loadSide(side: RepoSide): Promise<LoadedRepo> {
    return this.enqueue(side);
  }

  workTree(root: string): Promise<LoadedRepo> {
    return this.enqueue(this.readWorkTree(root));
  }

  async atRevision(root: string, rev: string): Promise<LoadedRepo> {
    return this.enqueue(await this.readRevision(root, rev));
  }

  /**
   * Two sides compared environment by environment of the same name. When only flag (and test) files differ,
   * only the flags whose files differ are loaded, with their prerequisites (changedFlags.ts says why that gives
   * the same diff); otherwise both sides are loaded whole.
   */
  async pair(a: RepoSide, b: RepoSide): Promise<[LoadedRepo, LoadedRepo]> {
    const keys = changedFlagKeys(a.files, b.files);
    if (!keys) return Promise.all([this.enqueue(a), this.enqueue(b)]);
    for (;;) {
      const [la, lb] = await Promise.all([this.enqueue(a, keys), this.enqueue(b, keys)]);
      const more = [...prerequisiteKeys(la.models), ...prerequisiteKeys(lb.models)].filter((k) => !keys.has(k));
      if (more.length === 0) return [this.partial(la, a), this.partial(lb, b)];
      for (const k of more) keys.add(k);
    }
  }

  private partial(loaded: LoadedRepo, side: RepoSide): LoadedRepo {
    let whole: Promise<LoadedRepo> | undefined;
    return { ...loaded, complete: () => (whole ??= this.enqueue(side)) };
  }

  /** `flags`: load only these flags (every other file is still loaded). */
  private enqueue(side: RepoSide, flags?: ReadonlySet<string>): Promise<LoadedRepo> {
    const run = this.queue.then(() => this.load(side.files, side.where, flags));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(files: SourceFile[], where: string, flags?: ReadonlySet<string>): Promise<LoadedRepo> {
    const whole = planRepo(files, this.validator);
    // A file's result also depends on flagctl.yaml and on files a flag may reference (schemas): key by those too.
    const jobPaths = new Set(whole.jobs.map((j) => j.path));
    const outside = createHash("sha1");
    for (const f of files) if (!jobPaths.has(f.path)) outside.update(f.path).update("\0").update(f.bytes).update("\0");
    const context = outside.digest("hex");
    const plan = flags ? { ...whole, jobs: whole.jobs.filter((j) => j.kind !== "flag" || flags.has(j.key)) } : whole;
    const byPath = new Map(files.map((f) => [f.path, f]));
    const keyOf = (job: FileJob) => `${context}:${job.kind}:${job.path}:${sha1(byPath.get(job.path)!.bytes)}`;
    const keys = new Map(plan.jobs.map((j) => [j, keyOf(j)]));
    const missing = plan.jobs.filter((j) => !this.results.has(keys.get(j)!));
    const fresh = await checkJobsParallel(plan, files, missing, this.validator);
    missing.forEach((job, i) => this.results.set(keys.get(job)!, fresh[i])); // results come back in job order
    const results = plan.jobs.map((j) => this.results.get(keys.get(j)!)!);
    const result = finishRepo(plan, files, results, this.today, { lint: false });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || !result.repo) {
      const first = errors[0];
      const at = first ? `; first: ${first.file}:${first.line}:${first.column} ${first.code} ${first.message}` : "";
      if (projectFileBroken(errors)) throw new ProjectError(`flagctl.yaml at ${where} is invalid${at}`, "run flagctl validate", "E_DIFF_PROJECT");
      throw new RefusedError(
        `the config at ${where} does not load: ${errors.length} error${errors.length === 1 ? "" : "s"}${at}`,
        where === "working tree" ? "run flagctl validate and fix them" : "diff against a revision whose config loads",
        "E_DIFF_INVALID",
      );
    }
    return { where, repo: result.repo, models: compileRepo(result.repo) };
  }
}
