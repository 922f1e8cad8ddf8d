// A config repo (work tree or git revision) checked and compiled, as diff's sides need it.
import { compileRepo } from "../core/compile/index.js";
import type { EnvModel } from "../core/compile/ir.js";
import type { Repo, SourceFile } from "../core/model.js";
import { RefusedError } from "../errors.js";
import { readTreeAt } from "../git/readTreeAt.js";
import { checkRepoParallel } from "../repo/checkRepoParallel.js";
import { readRepoFiles } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";

export interface LoadedRepo {
  /** "working tree" or "HEAD~1 (abc1234)". */
  where: string;
  repo: Repo;
  models: Record<string, EnvModel>;
}

async function compileChecked(files: SourceFile[], where: string, today: string): Promise<LoadedRepo> {
  // Large repos are checked on worker threads (same result as checkRepo).
  const result = await checkRepoParallel(files, { today, validator: schemaValidator() });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !result.repo) {
    const first = errors[0];
    const at = first ? `; first: ${first.file}:${first.line}:${first.column} ${first.code} ${first.message}` : "";
    throw new RefusedError(
      "E_DIFF_INVALID",
      `the config at ${where} has ${errors.length} error${errors.length === 1 ? "" : "s"}${at}`,
      where === "working tree" ? "run flagctl validate and fix them" : "diff against a revision whose config is valid",
    );
  }
  return { where, repo: result.repo, models: compileRepo(result.repo) };
}

export function loadWorkTree(root: string, today: string): Promise<LoadedRepo> {
  return compileChecked(readRepoFiles(root), "working tree", today);
}

/** The repo at a git revision, read from the object database: the work tree is not touched. */
export async function loadAtRevision(root: string, rev: string, today: string): Promise<LoadedRepo> {
  const tree = await readTreeAt(root, rev);
  return compileChecked(tree.files, `${rev} (${tree.commit.slice(0, 7)})`, today);
}
