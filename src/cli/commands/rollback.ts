import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, addVerifyKeyOption, runMove, withStoreOptions, type MoveOptions } from "../release/context.js";

interface Options extends MoveOptions {
  reason?: string;
}

export const registerRollback: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("rollback")
    .description("drop an environment's candidate; with none, return to the previous stable release")
    .argument("<env>", "environment")
    .option("--reason <text>", "why; recorded in the env's history");
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(cmd))), { writes: true }).action(
    cli.action((env: string, opts: Options) => runMove(cli.io, env, { kind: "rollback", reason: opts.reason }, opts)),
  );
};
