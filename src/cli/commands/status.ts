import { ExitCode } from "../../errors.js";
import { checkEnv } from "../args.js";
import { upstreamEnv } from "../../core/release/planner.js";
import { envStatus } from "../../core/release/status.js";
import { readPointer } from "../../store/pointer.js";
import { listReleases } from "../../store/releases.js";
import type { Pointer } from "../../store/store.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, checkFormat, releaseContext, withStoreOptions, type BakeOptions } from "../release/context.js";
import { renderStatus } from "../release/render.js";
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
      const format = checkFormat(opts.format);
      const ctx = releaseContext(cli.io, opts);
      const { environments } = ctx.project;
      if (env !== undefined) checkEnv(environments, env);
      const pointers = new Map<string, Pointer | null>();
      await Promise.all(environments.map(async (e) => pointers.set(e, (await readPointer(ctx.store, e)).pointer)));
      const rows = (env ? [env] : environments).map((e) => {
        const up = upstreamEnv(ctx.project, e);
        return envStatus(ctx.project, e, pointers.get(e) ?? null, up ? (pointers.get(up) ?? null) : null, ctx.now, ctx.bakeOverride(e));
      });
      if (format === "json") {
        cli.io.stdout(`${JSON.stringify({ store: ctx.store.url, now: ctx.now.toISOString(), environments: rows }, null, 2)}\n`);
      } else {
        cli.io.stdout(`${ctx.project.name || "project"} @ ${ctx.store.url}\n${renderStatus(rows)}`);
        // A typo in --store looks exactly like a store nobody has published to: say which it is.
        if ([...pointers.values()].every((p) => p === null) && (await listReleases(ctx.store)).length === 0) {
          cli.io.stdout(`\nthe store holds no releases: publish one with \`flagctl publish\`, or check --store if you expected some\n`);
        }
      }
      return ExitCode.OK;
    }),
  );
};
