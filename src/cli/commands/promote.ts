import { UsageError } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, addVerifyKeyOption, runMove, withStoreOptions, type MoveOptions } from "../release/context.js";
import { checkFormat } from "../reporters/index.js";

interface Options extends MoveOptions {
  force?: boolean;
  reason?: string;
}

export const registerPromote: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("promote")
    .description("start rolling out a published release in an environment (pipeline order enforced)")
    .argument("<version>", "release version, e.g. v20261121.120000-abc1234")
    .argument("<env>", "environment")
    .option("--force", "take a version not stable in the previous pipeline env, or replace a running candidate (needs --reason)")
    .option("--reason <text>", "why; recorded in the env's history");
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(cmd))), { writes: true }).action(
    cli.action(async (version: string, env: string, opts: Options) => {
      checkFormat("move", opts.format);
      if (opts.force && !opts.reason?.trim()) throw new UsageError("--force needs --reason", 'say why, e.g. --reason "hotfix for INC-123"');
      return runMove(cli.io, env, { kind: "promote", version, force: opts.force, reason: opts.reason }, opts);
    }),
  );
};
