import { ExitCode, UsageError } from "../../errors.js";
import { changePointer } from "../../release/change.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, addIfSeqOption, addVerifyKeyOption, parseIfSeq, checkFormat, releaseContext, verifyKeyFrom, withStoreOptions, type BakeOptions, type VerifyKeyOptions } from "../release/context.js";
import type { StoreCliOptions } from "../storeOptions.js";
import { changeText } from "../release/render.js";

interface Options extends VerifyKeyOptions, StoreCliOptions, BakeOptions {
  next?: boolean;
  to?: string;
  force?: boolean;
  reason?: string;
  format?: string;
  ifSeq?: string;
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
      const format = checkFormat(opts.format);
      if (opts.next && opts.to !== undefined) throw new UsageError("give --next or --to, not both");
      let to: number | undefined;
      if (opts.to !== undefined) {
        to = Number(opts.to.replace(/%$/, ""));
        if (opts.to.trim() === "" || !Number.isFinite(to)) throw new UsageError(`--to ${opts.to} is not a percentage`, "e.g. --to 25");
      }
      const ctx = releaseContext(cli.io, opts);
      const result = await changePointer({
        store: ctx.store,
        project: ctx.project,
        env,
        action: { kind: "rollout", to, force: opts.force, reason: opts.reason },
        ifSeq: parseIfSeq(opts.ifSeq),
        now: ctx.now,
        actor: await ctx.actor(),
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
        bakeMs: ctx.bakeOverride(env),
      });
      cli.io.stdout(format === "json" ? `${JSON.stringify({ env, ...result }, null, 2)}\n` : changeText(result));
      return ExitCode.OK;
    }),
  );
};
