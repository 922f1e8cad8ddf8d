import { status, statusFindings } from "../../app/status.js";
import { VerifyCache, verifyCachePath } from "../../release/checkStored.js";
import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import {
  addBakeOption, addFormatOption, addVerifyKeyOption, releaseContext, verifyKeyFrom, withStoreOptions, type BakeOptions, type VerifyKeyOptions,
} from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BakeOptions, VerifyKeyOptions {
  format?: string;
}

export const registerStatus: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("status")
    .description("per environment: stable and candidate releases, rollout share, age, and what is due next")
    .argument("[env]", "only this environment");
  withStoreOptions(addVerifyKeyOption(addFormatOption(addBakeOption(cmd)))).action(
    cli.action(async (env: string | undefined, opts: Options) => {
      const format = checkFormat("status", opts.format);
      const ctx = releaseContext(cli.io, opts);
      const report = await status({
        store: ctx.store,
        project: ctx.project,
        env,
        now: ctx.now,
        bakeOverride: ctx.bakeOverride,
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
        verifyCache: await new VerifyCache(verifyCachePath(cli.io.env)).load(),
      });
      cli.io.stdout(render("status", format, report, cli.io.color));
      return statusFindings(report) ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
