// `flagctl codeowners` as data: the generated CODEOWNERS block planned from each flag's owner; written (atomically)
// unless only checking. Refuses when a flag file did not load: its owner's line would silently disappear.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { CODEOWNERS_PATH, CodeownersMarkerProblem, codeownersLines, planCodeowners, unloadedFlagFiles, type CodeownersPlan } from "../core/codeowners.js";
import { checkRepo, projectFileBroken } from "../core/checkRepo.js";
import { classifyPaths } from "../core/repo/classify.js";
import { ProjectError, RefusedError } from "../errors.js";
import { readCodeownersFile } from "../repo/codeownersFile.js";
import { readRepo } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";
import { writeFileAtomic } from "../store/fileStore.js";

export interface CodeownersInput {
  start: string;
  /** Write nothing; report whether the file is up to date. */
  check?: boolean;
  now?: Date;
}

export interface CodeownersReport {
  /** The file as users name it (relative to the git root). */
  file: string;
  check: boolean;
  /** The file did not exist. */
  missing: boolean;
  /** Flag files with an owner line. */
  owned: number;
  plan: CodeownersPlan;
}

export async function codeowners(input: CodeownersInput): Promise<CodeownersReport> {
  const { root, files } = readRepo(input.start);
  const { repo, diagnostics } = checkRepo(files, { today: (input.now ?? new Date()).toISOString().slice(0, 10), validator: schemaValidator() });
  if (!repo || projectFileBroken(diagnostics)) {
    const first = diagnostics.find((d) => d.severity === "error");
    throw new ProjectError(`flagctl.yaml is invalid${first ? `: ${first.file}:${first.line}:${first.column} ${first.message}` : ""}`, "run `flagctl validate` and fix it first");
  }
  const unloaded = unloadedFlagFiles(
    classifyPaths(files.map((f) => f.path)).flags.map((f) => f.path),
    repo,
  );
  if (unloaded.length > 0) {
    const first = diagnostics.find((d) => d.severity === "error" && d.file === unloaded[0]);
    const where = first ? ` (${first.file}:${first.line}:${first.column} ${first.message})` : "";
    throw new RefusedError(
      `${unloaded.length} flag file${unloaded.length === 1 ? "" : "s"} did not load, so their owners would be dropped: ${unloaded.slice(0, 3).join(", ")}${unloaded.length > 3 ? ", …" : ""}${where}`,
      "run `flagctl validate` and fix them first",
      "E_INVALID_CONFIG",
    );
  }
  const co = await readCodeownersFile(root);
  const file = co.prefix === "" ? CODEOWNERS_PATH : co.path;
  const plan = planCodeowners(repo, co.text, { prefix: co.prefix });
  if (plan instanceof CodeownersMarkerProblem) {
    throw new RefusedError(`${file}:${plan.line}: ${plan.message}`, "fix the markers by hand: flagctl will not rewrite a file it cannot split safely", "E_CODEOWNERS_MARKERS");
  }
  if (!input.check && plan.changed) await writeAtomic(co.path, plan.text);
  return { file, check: Boolean(input.check), missing: co.text === undefined, owned: codeownersLines(repo, { prefix: co.prefix }).length, plan };
}

/** A reader sees the old file or the new one, never half of one. */
async function writeAtomic(file: string, text: string): Promise<void> {
  try {
    mkdirSync(dirname(file), { recursive: true });
    await writeFileAtomic(file, join(dirname(file), `.${process.pid}.${Date.now()}.CODEOWNERS.tmp`), text);
  } catch (err) {
    throw new RefusedError(`cannot write ${file}: ${(err as Error).message}`, "check the directory's permissions", "E_CODEOWNERS_WRITE");
  }
}
