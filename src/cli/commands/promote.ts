import { ExitCode, UsageError } from "../../errors.js";
import { changePointer } from "../../release/change.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, addVerifyKeyOption, parseIfSeq, checkFormat, releaseContext, verifyKeyFrom, withStoreOptions } from "../release/context.js";
import { changeText } from "../release/render.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions {
  force?: boolean;
  reason?: string;
  verifyKey?: string;
  format?: string;
  ifSeq?: string;
}

export const registerPromote: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("promote")
    .description("start rolling out a published release in an environment (pipeline order enforced)")
    .argument("<version>", "release version, e.g. v20261121.120000-abc1234")
    .argument("<env>", "environment")
    .option("--force", "take a version not stable in the previous pipeline env, or replace a running candidate (needs --reason)")
    .option("--reason <text>", "why; recorded in the env's history");
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(cmd)))).action(
    cli.action(async (version: string, env: string, opts: Options) => {
      const format = checkFormat(opts.format);
      if (opts.force && !opts.reason?.trim()) throw new UsageError("--force needs --reason", 'say why, e.g. --reason "hotfix for INC-123"');
      const ctx = releaseContext(cli.io, opts);
      const result = await changePointer({
        store: ctx.store,
        project: ctx.project,
        env,
        action: { kind: "promote", version, force: opts.force, reason: opts.reason },
        ifSeq: parseIfSeq(opts.ifSeq),
        now: ctx.now,
        actor: await ctx.actor(),
        bakeMs: ctx.bakeOverride(env),
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
      });
      cli.io.stdout(format === "json" ? `${JSON.stringify({ env, ...result }, null, 2)}\n` : changeText(result));
      return ExitCode.OK;
    }),
  );
};
