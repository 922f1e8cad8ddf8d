import { status } from "../../app/status.js";
import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, releaseContext, withStoreOptions, type BakeOptions } from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BakeOptions {
  format?: string;
}

export const registerStatus: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("status")
    .description("per environment: stable and candidate releases, rollout share, age, and what is due next")
    .argument("[env]", "only this environment");
  withStoreOptions(addFormatOption(addBakeOption(cmd))).action(
    cli.action(async (env: string | undefined, opts: Options) => {
      const format = checkFormat("status", opts.format);
      const ctx = releaseContext(cli.io, opts);
      const report = await status({ store: ctx.store, project: ctx.project, env, now: ctx.now, bakeOverride: ctx.bakeOverride, checkEmpty: format === "text" });
      cli.io.stdout(render("status", format, report, cli.io.color));
      return ExitCode.OK;
    }),
  );
};
