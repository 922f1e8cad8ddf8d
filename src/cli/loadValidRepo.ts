// The working tree, loaded and validated the way `flagctl validate` does; commands that evaluate (eval, test)
// refuse a repo with errors, printing the diagnostics in the requested format.
import { resolve } from "node:path";
import { projectFileBroken } from "../core/checkRepo.js";
import { hasErrors, sortDiagnostics } from "../core/diagnostic.js";
import type { Repo } from "../core/model.js";
import { ExitCode } from "../errors.js";
import { checkRepoParallel } from "../repo/checkRepoParallel.js";
import { readRepo } from "../repo/readRepo.js";
import { schemaValidator } from "../schemas.js";
import type { CliIO } from "./io.js";
import { reporters } from "./reporters/index.js";

export type Loaded = { ok: true; repo: Repo; root: string } | { ok: false; exitCode: number };

export async function loadValidRepo(io: CliIO, opts: { cwd?: string; format: string }): Promise<Loaded> {
  const { root, files } = readRepo(resolve(io.cwd, opts.cwd ?? "."));
  const result = await checkRepoParallel(files, { today: new Date().toISOString().slice(0, 10), validator: schemaValidator() });
  const diagnostics = sortDiagnostics(result.diagnostics);
  if (!result.repo || hasErrors(diagnostics)) {
    const report = reporters[opts.format] ?? reporters.text;
    io.stdout(report({ diagnostics, sources: result.sources, color: io.color, subject: "refusing to evaluate an invalid config" }));
    return { ok: false, exitCode: projectFileBroken(diagnostics) ? ExitCode.USAGE : ExitCode.FINDINGS };
  }
  return { ok: true, repo: result.repo, root };
}
