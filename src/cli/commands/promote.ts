import { ExitCode, UsageError } from "../../errors.js";
import { changePointer } from "../../release/change.js";
import { checkEnv, parseVersionArg } from "../args.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, addIfSeqOption, parseIfSeq, checkFormat, releaseContext, verifyKeyFrom, withStoreOptions } from "../release/context.js";
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
    .option("--reason <text>", "why; recorded in the env's history")
    .option("--verify-key <file>", "ed25519 public key (PEM) the release must be signed with (also FLAGCTL_VERIFY_KEY)");
  withStoreOptions(addIfSeqOption(addFormatOption(cmd)), { writes: true }).action(
    cli.action(async (version: string, env: string, opts: Options) => {
      const format = checkFormat(opts.format);
      if (opts.force && !opts.reason?.trim()) throw new UsageError("--force needs --reason", 'say why, e.g. --reason "hotfix for INC-123"');
      parseVersionArg(version);
      const ifSeq = parseIfSeq(opts.ifSeq);
      const ctx = releaseContext(cli.io, opts);
      checkEnv(ctx.project.environments, env);
      const result = await changePointer({
        store: ctx.store,
        project: ctx.project,
        env,
        action: { kind: "promote", version, force: opts.force, reason: opts.reason },
        ifSeq,
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
