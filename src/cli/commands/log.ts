import { log } from "../../app/log.js";
import { ExitCode } from "../../errors.js";
import { parseInteger } from "../args.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, releaseContext, withStoreOptions } from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions {
  limit?: string;
  format?: string;
}

export const registerLog: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("log")
    .description("an environment's history as release notes: who changed what, when, why, and which flags changed")
    .argument("<env>", "environment")
    .option("--limit <n>", "newest N changes", "20");
  withStoreOptions(addFormatOption(cmd)).action(
    cli.action(async (env: string, opts: Options) => {
      const format = checkFormat("log", opts.format);
      const limit = parseInteger(opts.limit ?? "20", "--limit", { min: 1, max: 100_000, hint: "e.g. --limit 50" });
      const ctx = releaseContext(cli.io, opts);
      const report = await log({ store: ctx.store, environments: ctx.project.environments, env, limit });
      cli.io.stdout(render("log", format, report, cli.io.color));
      return ExitCode.OK;
    }),
  );
};
