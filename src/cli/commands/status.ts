import { checkEnv } from "../../app/loadProject.js";
import { status, statusFindings } from "../../app/status.js";
import { VerifyCache, verifyCachePath } from "../../app/checkStored.js";
import { hasDrift } from "../../core/fleet/drift.js";
import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import {
  addBakeOption, addFormatOption, addVerifyKeyOption, releaseContext, verifyKeyFrom, withStoreOptions, type BakeOptions, type VerifyKeyOptions,
} from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BakeOptions, VerifyKeyOptions {
  format?: string;
  exitCode?: boolean;
}

export const registerStatus: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("status")
    .description("per environment: stable and candidate releases, rollout share, age, what is due next, and which reporting hosts drift")
    .argument("[env]", "only this environment")
    .option("--exit-code", "exit 1 when a reporting host runs something other than the pointer assigns it, or stopped reporting");
  withStoreOptions(addVerifyKeyOption(addFormatOption(addBakeOption(cmd)))).action(
    cli.action(async (env: string | undefined, opts: Options) => {
      const format = checkFormat("status", opts.format);
      const ctx = releaseContext(cli.io, opts);
      if (env !== undefined) checkEnv(ctx.project.environments, env);
      const report = await status({
        store: ctx.store,
        project: ctx.project,
        env,
        now: ctx.now,
        bakeOverride: ctx.bakeOverride,
        checkEmpty: format === "text",
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
        verifyCache: await new VerifyCache(verifyCachePath(cli.io.env)).load(),
      });
      for (const s of report.skippedReports) cli.io.stderr(`warning: host report ${s}: skipped\n`);
      cli.io.stdout(render("status", format, report, cli.io.color));
      // Findings (a release that no longer verifies, a hole in history, drifting hosts) are always shown, and fail
      // the command under --exit-code.
      return opts.exitCode && (statusFindings(report) || report.environments.some((e) => hasDrift(e.hosts))) ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
