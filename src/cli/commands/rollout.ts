import { UsageError } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, addIfSeqOption, addVerifyKeyOption, runMove, withStoreOptions, type MoveOptions } from "../release/context.js";
import { checkFormat } from "../reporters/index.js";

interface Options extends MoveOptions {
  next?: boolean;
  to?: string;
  force?: boolean;
  reason?: string;
}

export const registerRollout: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("rollout")
    .description("move an environment's candidate to its next step (or --to PCT) once the bake time has passed")
    .argument("<env>", "environment")
    .option("--next", "the next step from flagctl.yaml (the default)")
    .option("--to <percent>", "a share of hosts above the current one, up to the next step (any with --force)")
    .option("--force", "skip the bake time and allow skipping steps")
    .option("--reason <text>", "why; recorded in the env's history");
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(addBakeOption(cmd))))).action(
    cli.action(async (env: string, opts: Options) => {
      checkFormat("move", opts.format);
      if (opts.next && opts.to !== undefined) throw new UsageError("give --next or --to, not both");
      let to: number | undefined;
      if (opts.to !== undefined) {
        to = Number(opts.to.replace(/%$/, ""));
        if (opts.to.trim() === "" || !Number.isFinite(to)) throw new UsageError(`--to ${opts.to} is not a percentage`, "e.g. --to 25");
      }
      return runMove(cli.io, env, { kind: "rollout", to, force: opts.force, reason: opts.reason }, opts);
    }),
  );
};
