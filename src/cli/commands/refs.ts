import { Option } from "commander";
import { resolve } from "node:path";
import { findRefs } from "../../app/refs.js";
import { classifyPaths } from "../../core/repo/classify.js";
import { ExitCode, UsageError } from "../../errors.js";
import { readRepo } from "../../repo/readRepo.js";
import type { RegisterCommand } from "../command.js";
import { addCodeOption, codeDirsFrom, type CodeCliOptions } from "../hygieneOptions.js";
import { loadProject } from "../../app/loadProject.js";
import { formatsFor, render } from "../reporters/index.js";

interface RefsOptions extends CodeCliOptions {
  cwd?: string;
  format: string;
}

export const registerRefs: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("refs")
    .description("where each flag key is used in code, which flags no code uses, and which keys in code name no flag (exit 1)")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("refs")).default("text"));
  addCodeOption(cmd).action(
    cli.action(async (opts: RefsOptions) => {
      const { root, files } = readRepo(resolve(cli.io.cwd, opts.cwd ?? "."));
      const { project } = loadProject(root);
      const dirs = codeDirsFrom(opts, cli.io.cwd, root, project);
      if (dirs.length === 0) throw new UsageError("no code directories to scan", "pass --code DIR (repeatable), or list them under code: in flagctl.yaml");
      // Every flag file counts, even one that does not validate: its key is what code names.
      const keys = classifyPaths(files.map((f) => f.path)).flags.map((f) => f.key);
      const result = await findRefs({ keys, codeDirs: dirs, aliases: project.refs.aliases, ignore: project.refs.ignore, maxFileSize: project.refs.maxFileSize, configRoot: root });
      cli.io.stdout(render("refs", opts.format, { result, cwd: cli.io.cwd }, cli.io.color));
      return result.unknown.length > 0 ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
