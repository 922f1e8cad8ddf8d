import { ExitCode } from "../../errors.js";
import { changePointer } from "../../release/change.js";
import { checkEnv } from "../args.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, parseIfSeq, checkFormat, releaseContext, withStoreOptions } from "../release/context.js";
import type { StoreCliOptions } from "../storeOptions.js";
import { changeText } from "../release/render.js";

interface Options extends StoreCliOptions {
  reason?: string;
  format?: string;
  ifSeq?: string;
}

export const registerRollback: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("rollback")
    .description("drop an environment's candidate; with none, return to the previous stable release")
    .argument("<env>", "environment")
    .option("--reason <text>", "why; recorded in the env's history");
  withStoreOptions(addIfSeqOption(addFormatOption(cmd)), { writes: true }).action(
    cli.action(async (env: string, opts: Options) => {
      const format = checkFormat(opts.format);
      const ifSeq = parseIfSeq(opts.ifSeq);
      const ctx = releaseContext(cli.io, opts);
      checkEnv(ctx.project.environments, env);
      const result = await changePointer({
        store: ctx.store,
        project: ctx.project,
        env,
        action: { kind: "rollback", reason: opts.reason },
        ifSeq,
        now: ctx.now,
        actor: await ctx.actor(),
      });
      cli.io.stdout(format === "json" ? `${JSON.stringify({ env, ...result }, null, 2)}\n` : changeText(result));
      return ExitCode.OK;
    }),
  );
};
