import { Option } from "commander";
import { resolve } from "node:path";
import { codeowners } from "../../app/codeowners.js";
import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { formatsFor, render } from "../reporters/index.js";

interface CodeownersOptions {
  check?: boolean;
  cwd?: string;
  format: string;
}

export const registerCodeowners: RegisterCommand = (program, cli) => {
  program
    .command("codeowners")
    .description("write .github/CODEOWNERS from each flag's owner, so a team's flags need that team's review")
    .option("--check", "write nothing; exit 1 when .github/CODEOWNERS is out of date")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("codeowners")).default("text"))
    .action(
      cli.action(async (opts: CodeownersOptions) => {
        const report = await codeowners({ start: resolve(cli.io.cwd, opts.cwd ?? "."), check: opts.check });
        cli.io.stdout(render("codeowners", opts.format, report, cli.io.color));
        return report.check && report.plan.changed ? ExitCode.FINDINGS : ExitCode.OK;
      }),
    );
};
