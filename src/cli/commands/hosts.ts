import { Option } from "commander";
import { hosts } from "../../app/hosts.js";
import { hasDrift } from "../../core/fleet/drift.js";
import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { releaseContext, withStoreOptions } from "../release/context.js";
import { checkFormat, formatsFor, render } from "../reporters/index.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions {
  format: string;
  exitCode?: boolean;
}

export const registerHosts: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("hosts")
    .description("the hosts that report to an environment (agents run with --report): what each runs, what the pointer assigns it")
    .argument("<env>", "environment")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("hosts")).default("text"))
    .option("--exit-code", "exit 1 when a host drifts or stopped reporting");
  withStoreOptions(cmd).action(
    cli.action(async (env: string, opts: Options) => {
      const format = checkFormat("hosts", opts.format);
      const ctx = releaseContext(cli.io, opts);
      const report = await hosts({ store: ctx.store, project: ctx.project, env, now: ctx.now });
      for (const s of report.skippedReports) cli.io.stderr(`warning: host report ${s}: skipped\n`);
      cli.io.stdout(render("hosts", format, report, cli.io.color));
      return opts.exitCode && hasDrift(report.summary) ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
