// The project (flagctl.yaml) for release commands, through the loader: promote, rollout and status need only
// the project file, so only it is read and checked; a broken flagctl.yaml is exit 2 with its first error.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkRepo } from "../core/checkRepo.js";
import { suggestion } from "../core/didYouMean.js";
import type { Diagnostic } from "../core/diagnostic.js";
import type { Project } from "../core/model.js";
import { PROJECT_FILE } from "../core/repo/classify.js";
import { ProjectError, UsageError } from "../errors.js";
import { findRepoRoot } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";

export interface LoadedProject {
  root: string;
  project: Project;
}

export function loadProject(start: string): LoadedProject {
  const root = findRepoRoot(start);
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(root, PROJECT_FILE));
  } catch (err) {
    throw new ProjectError(`cannot read ${join(root, PROJECT_FILE)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check the file's permissions", "E_REPO_READ");
  }
  const result = checkRepo([{ path: PROJECT_FILE, bytes }], { today: new Date().toISOString().slice(0, 10), validator: schemaValidator() });
  if (!result.repo || result.diagnostics.some((d) => d.severity === "error")) throw projectError(result.diagnostics);
  return { root, project: result.repo.project };
}

/** Exit 2 with flagctl.yaml's first error. */
export function projectError(diagnostics: readonly Diagnostic[]): ProjectError {
  const first = diagnostics.find((d) => d.severity === "error" && d.file === PROJECT_FILE);
  const where = first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : `${PROJECT_FILE} is invalid`;
  return new ProjectError(where, first?.hint ?? "run flagctl validate for every problem", "E_PROJECT");
}

/** An environment of flagctl.yaml; the same error (exit 2, E_UNKNOWN_ENV) in every command and use case. */
export function checkEnv(environments: readonly string[], env: string): string {
  if (environments.includes(env)) return env;
  throw new UsageError(`unknown environment ${JSON.stringify(env)}${suggestion(env, environments)}`, `environments in flagctl.yaml: ${environments.join(", ")}`, "E_UNKNOWN_ENV");
}
