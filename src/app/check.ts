// The working tree, loaded and checked the way `flagctl validate` does. Commands that evaluate (eval, test,
// build, diff) refuse a repo with errors, printing the diagnostics in the requested format.
import { resolve } from "node:path";
import { projectFileBroken, type CheckRepoResult } from "../core/checkRepo.js";
import { codeownersFinding } from "../core/codeowners.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../core/diagnostic.js";
import type { Repo } from "../core/model.js";
import { ExitCode } from "../errors.js";
import { checkRepoParallel, startCheckWorkers } from "../repo/checkRepoParallel.js";
import { readCodeownersFile } from "../repo/codeownersFile.js";
import { readRepo } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";
import type { CliIO } from "../cli/io.js";
import { reporters } from "../cli/reporters/index.js";

export interface CheckedRepo {
  root: string;
  result: CheckRepoResult;
  /** Sorted; includes an out-of-date CODEOWNERS block (OWN001) when the repo has one. */
  diagnostics: Diagnostic[];
}

export async function checkWorkingTree(io: CliIO, cwd: string | undefined): Promise<CheckedRepo> {
  const { root, files } = readRepo(resolve(io.cwd, cwd ?? "."));
  const workers = startCheckWorkers(files.length); // they start up while this thread compiles the schemas
  const result = await checkRepoParallel(files, { today: new Date().toISOString().slice(0, 10), validator: schemaValidator() }, workers);
  const diagnostics = [...result.diagnostics];
  if (result.repo) {
    const co = await readCodeownersFile(root);
    const finding = codeownersFinding(result.repo, co.text, co);
    if (finding) diagnostics.push(finding);
  }
  return { root, result, diagnostics: sortDiagnostics(diagnostics) };
}

/** 0, 1 or 2 for a set of diagnostics, per SPEC §7. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (projectFileBroken(diagnostics)) return ExitCode.USAGE;
  return hasErrors(diagnostics) ? ExitCode.FINDINGS : ExitCode.OK;
}

export type Loaded = { ok: true; repo: Repo; root: string } | { ok: false; exitCode: number };

export async function loadValidRepo(io: CliIO, opts: { cwd?: string; format: string }): Promise<Loaded> {
  const { root, result, diagnostics } = await checkWorkingTree(io, opts.cwd);
  if (!result.repo || hasErrors(diagnostics)) {
    const report = reporters[opts.format] ?? reporters.text;
    io.stdout(report({ diagnostics, sources: result.sources, color: io.color, subject: "refusing to evaluate an invalid config" }));
    return { ok: false, exitCode: exitCodeFor(diagnostics) };
  }
  return { ok: true, repo: result.repo, root };
}
