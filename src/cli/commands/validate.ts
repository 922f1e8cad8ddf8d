import { Option } from "commander";
import { resolve } from "node:path";
import { checkWorkingTree, exitCodeFor } from "../../app/check.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { formatsFor, render } from "../reporters/index.js";
import { plural } from "../reporters/release.js";

interface ValidateOptions {
  format: string;
  cwd?: string;
}

export const registerValidate: RegisterCommand = (program, cli) => {
  program
    .command("validate")
    .description("check every flag, segment and test file: YAML, schema and lint, with file:line:column")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("diagnostics")).default("text"))
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .action(cli.action((opts: ValidateOptions) => validate(cli.io, opts)));
};

export async function validate(io: CliIO, opts: ValidateOptions): Promise<number> {
  const { result, diagnostics } = await checkWorkingTree(resolve(io.cwd, opts.cwd ?? "."));
  const repo = result.repo;
  const subject = repo ? `${plural(repo.flags.size, "flag")}, ${plural(repo.segments.size, "segment")}, ${plural(repo.tests.length, "test")}` : undefined;
  io.stdout(render("diagnostics", opts.format, { diagnostics, sources: result.sources, subject }, io.color));
  return exitCodeFor(diagnostics);
}
