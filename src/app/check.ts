// `flagctl validate` as data: the working tree read, checked (YAML, schema, lint) and its CODEOWNERS block
// compared. Commands that evaluate (eval, test, build) refuse a repo with errors; rendering is theirs.
import { projectFileBroken, type CheckRepoResult } from "../core/checkRepo.js";
import { codeownersFinding } from "../core/codeowners.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../core/diagnostic.js";
import type { Repo } from "../core/model.js";
import { ExitCode } from "../errors.js";
import { checkRepoParallel, startCheckWorkers } from "../repo/checkRepoParallel.js";
import { readCodeownersFile } from "../repo/codeownersFile.js";
import { readRepo } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";

export interface CheckedRepo {
  root: string;
  result: CheckRepoResult;
  /** Sorted; includes an out-of-date CODEOWNERS block (OWN001) when the repo has one. */
  diagnostics: Diagnostic[];
}

/** `start`: a directory at or below the repo root. `now` dates the expiry lint. */
export async function checkWorkingTree(start: string, now = new Date()): Promise<CheckedRepo> {
  const { root, files } = readRepo(start);
  const workers = startCheckWorkers(files.length); // they start up while this thread compiles the schemas
  const result = await checkRepoParallel(files, { today: now.toISOString().slice(0, 10), validator: schemaValidator() }, workers);
  const diagnostics = [...result.diagnostics];
  if (result.repo) {
    const co = await readCodeownersFile(root);
    const finding = codeownersFinding(result.repo, co.text, co);
    if (finding) diagnostics.push(finding);
  }
  return { root, result, diagnostics: sortDiagnostics(diagnostics) };
}

/** 0, 1 or 2 for a set of diagnostics: 2 when flagctl.yaml itself is broken. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (projectFileBroken(diagnostics)) return ExitCode.USAGE;
  return hasErrors(diagnostics) ? ExitCode.FINDINGS : ExitCode.OK;
}

export type Loaded = { ok: true; repo: Repo; root: string } | { ok: false; checked: CheckedRepo; exitCode: number };

/** The repo when it has no errors; otherwise the check, for the caller to render. */
export async function loadValidRepo(start: string, now?: Date): Promise<Loaded> {
  const checked = await checkWorkingTree(start, now);
  if (!checked.result.repo || hasErrors(checked.diagnostics)) return { ok: false, checked, exitCode: exitCodeFor(checked.diagnostics) };
  return { ok: true, repo: checked.result.repo, root: checked.root };
}
