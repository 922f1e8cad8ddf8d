// What `refs`, `stale` and `diff --code` share: repeatable --code, and code dirs from flagctl.yaml otherwise.
import type { Command } from "commander";
import { codeDirs, type CodeDir } from "../app/refs.js";
import type { Project } from "../core/model.js";

export interface CodeCliOptions {
  code: string[];
}

export function addCodeOption(command: Command, what = "a code directory to scan for flag keys (repeatable; default: code: in flagctl.yaml)"): Command {
  return command.option("--code <dir>", what, (v: string, prev: string[]) => [...prev, v], [] as string[]);
}

/** --code paths (relative to the current directory), else flagctl.yaml's `code:` (relative to the repo root). */
export function codeDirsFrom(opts: CodeCliOptions, cwd: string, root: string, project: Project): CodeDir[] {
  if (opts.code.length > 0) return codeDirs(opts.code, cwd);
  return codeDirs(project.code, root);
}
