import { ExitCode } from "../../errors.js";
import { changePointer } from "../../release/change.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, addVerifyKeyOption, parseIfSeq, checkFormat, releaseContext, verifyKeyFrom, withStoreOptions, type VerifyKeyOptions } from "../release/context.js";
import type { StoreCliOptions } from "../storeOptions.js";
import { changeText } from "../release/render.js";

interface Options extends VerifyKeyOptions, StoreCliOptions {
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
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(cmd)))).action(
    cli.action(async (env: string, opts: Options) => {
      const format = checkFormat(opts.format);
      const ctx = releaseContext(cli.io, opts);
      const result = await changePointer({
        store: ctx.store,
        project: ctx.project,
        env,
        action: { kind: "rollback", reason: opts.reason },
        ifSeq: parseIfSeq(opts.ifSeq),
        now: ctx.now,
        actor: await ctx.actor(),
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
      });
      cli.io.stdout(format === "json" ? `${JSON.stringify({ env, ...result }, null, 2)}\n` : changeText(result));
      return ExitCode.OK;
    }),
  );
};
