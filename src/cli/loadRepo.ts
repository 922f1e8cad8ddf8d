// The working tree for commands that evaluate it (eval, test): an invalid repo is refused with its diagnostics
// in the command's --format, and the exit code validate would give.
import { resolve } from "node:path";
import { loadValidRepo } from "../app/check.js";
import type { Repo } from "../core/model.js";
import type { CliIO } from "./io.js";
import { formatsFor, render } from "./reporters/index.js";

export async function loadRepoOrReport(io: CliIO, opts: { cwd?: string; format: string }): Promise<Repo | number> {
  const loaded = await loadValidRepo(resolve(io.cwd, opts.cwd ?? "."));
  if (loaded.ok) return loaded.repo;
  const { diagnostics, result } = loaded.checked;
  const format = formatsFor("diagnostics").includes(opts.format as never) ? opts.format : "text";
  io.stdout(render("diagnostics", format, { diagnostics, sources: result.sources, subject: "refusing to evaluate an invalid config" }, io.color));
  return loaded.exitCode;
}
