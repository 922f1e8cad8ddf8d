import { Option } from "commander";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { checkWorkingTree, exitCodeFor } from "../../app/check.js";
import { reporterNames, reporters } from "../reporters/index.js";

interface ValidateOptions {
  format: string;
  cwd?: string;
}

export const registerValidate: RegisterCommand = (program, cli) => {
  program
    .command("validate")
    .description("check every flag, segment and test file: YAML, schema and lint, with file:line:column")
    .addOption(new Option("--format <format>", "output format").choices(reporterNames()).default("text"))
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .action(cli.action((opts: ValidateOptions) => validate(cli.io, opts)));
};

export async function validate(io: CliIO, opts: ValidateOptions): Promise<number> {
  const { result, diagnostics } = await checkWorkingTree(io, opts.cwd);
  const repo = result.repo;
  const subject = repo
    ? `${count(repo.flags.size, "flag")}, ${count(repo.segments.size, "segment")}, ${count(repo.tests.length, "test")}`
    : undefined;
  io.stdout(reporters[opts.format]({ diagnostics, sources: result.sources, color: io.color, subject }));
  return exitCodeFor(diagnostics);
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
