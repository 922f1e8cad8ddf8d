import { ExitCode, UsageError } from "../../errors.js";
import { upstreamEnv } from "../../core/release/planner.js";
import { envStatus } from "../../core/release/status.js";
import { fleetDrift, hasDrift } from "../../core/fleet/drift.js";
import { driftLine } from "../../core/fleet/driftText.js";
import { readHostReports } from "../../store/hosts.js";
import { readPointer } from "../../store/pointer.js";
import { listReleases } from "../../store/releases.js";
import type { Pointer } from "../../store/store.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, checkFormat, releaseContext, withStoreOptions, type BakeOptions } from "../release/context.js";
import { renderStatus } from "../release/render.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BakeOptions {
  format?: string;
  exitCode?: boolean;
}

export const registerStatus: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("status")
    .description("per environment: stable and candidate releases, rollout share, age, what is due next, and which hosts drift")
    .argument("[env]", "only this environment")
    .option("--exit-code", "exit 1 when a reporting host runs something other than the pointer assigns it, or stopped reporting");
  withStoreOptions(addFormatOption(addBakeOption(cmd))).action(
    cli.action(async (env: string | undefined, opts: Options) => {
      const format = checkFormat(opts.format);
      const ctx = releaseContext(cli.io, opts);
      const { environments } = ctx.project;
      if (env !== undefined && !environments.includes(env)) {
        throw new UsageError(`unknown environment "${env}"`, `environments are: ${environments.join(", ")}`);
      }
      const shown = env ? [env] : environments;
      const pointers = new Map<string, Pointer | null>();
      const warnings: string[] = [];
      const [, reports] = await Promise.all([
        Promise.all(environments.map(async (e) => pointers.set(e, (await readPointer(ctx.store, e)).pointer))),
        Promise.all(shown.map((e) => readHostReports(ctx.store, e, (key, why) => warnings.push(`warning: ${key} skipped: ${why}`)))),
      ]);
      const rows = shown.map((e, i) => {
        const up = upstreamEnv(ctx.project, e);
        const pointer = pointers.get(e) ?? null;
        return {
          ...envStatus(ctx.project, e, pointer, up ? (pointers.get(up) ?? null) : null, ctx.now, ctx.bakeOverride(e)),
          hosts: fleetDrift(pointer, reports[i], ctx.now),
        };
      });
      for (const w of warnings) cli.io.stderr(`${w}\n`);
      if (format === "json") {
        cli.io.stdout(`${JSON.stringify({ store: ctx.store.url, now: ctx.now.toISOString(), environments: rows }, null, 2)}\n`);
      } else {
        cli.io.stdout(`${ctx.project.name || "project"} @ ${ctx.store.url}\n${renderStatus(rows)}`);
        const fleet = rows.filter((r) => r.hosts.total > 0);
        if (fleet.length > 0) {
          const width = Math.max(...fleet.map((r) => r.env.length));
          cli.io.stdout(`\nhosts:\n${fleet.map((r) => `  ${r.env.padEnd(width)}  ${driftLine(r.hosts, r.updatedAt, ctx.now)}\n`).join("")}`);
        }
        // A typo in --store looks exactly like a store nobody has published to: say which it is.
        if ([...pointers.values()].every((p) => p === null) && (await listReleases(ctx.store)).length === 0) {
          cli.io.stdout(`\nthe store holds no releases: publish one with \`flagctl publish\`, or check --store if you expected some\n`);
        }
      }
      return opts.exitCode && rows.some((r) => hasDrift(r.hosts)) ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
