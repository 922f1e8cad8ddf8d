import type { Command } from "commander";
import { watchRollout } from "../../app/watchRollout.js";
import type { Gate } from "../../core/model.js";
import { ExitCode, UsageError } from "../../errors.js";
import { gateRunner } from "../../release/runGate.js";
import { parseDurationArg, parsePercent } from "../args.js";
import type { RegisterCommand } from "../command.js";
import { addBakeOption, addFormatOption, addIfSeqOption, addVerifyKeyOption, releaseContext, runMove, verifyKeyFrom, withStoreOptions, type MoveOptions } from "../release/context.js";
import { watchView } from "../release/watchView.js";
import { checkFormat } from "../reporters/index.js";

interface Options extends MoveOptions {
  next?: boolean;
  to?: string;
  force?: boolean;
  reason?: string;
  watch?: boolean;
  gate: string[];
  gateUrl: string[];
  gateTimeout?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

export const registerRollout: RegisterCommand = (program, cli) => {
  const cmd: Command = program
    .command("rollout")
    .description("move an environment's candidate to its next step (or --to PCT) once the bake time has passed")
    .argument("<env>", "environment")
    .option("--next", "the next step from flagctl.yaml (the default)")
    .option("--to <percent>", "a share of hosts above the current one, up to the next step (any with --force)")
    .option("--force", "skip the bake time and allow skipping steps")
    .option("--reason <text>", "why; recorded in the env's history")
    .option("--watch", "keep going: after each bake run the gates, then move to the next step, until 100% (a failing gate rolls back)")
    .option("--gate <command>", "with --watch: a shell command that must exit 0 before every move (repeatable; adds to flagctl.yaml's gates)", collect, [])
    .option("--gate-url <url>", "with --watch: an http(s) URL that must answer 2xx (and healthy: true when JSON) before every move (repeatable)", collect, [])
    .option("--gate-timeout <duration>", "with --watch: how long a gate may take when it sets no timeout (default 60s)");
  withStoreOptions(addVerifyKeyOption(addIfSeqOption(addFormatOption(addBakeOption(cmd)))), { writes: true }).action(
    cli.action(async (env: string, opts: Options) => {
      checkFormat("move", opts.format);
      if (opts.watch) return watch(env, opts);
      if (opts.gate.length > 0 || opts.gateUrl.length > 0 || opts.gateTimeout !== undefined) {
        throw new UsageError("--gate, --gate-url and --gate-timeout only apply with --watch", `flagctl rollout ${env} --watch --gate "<command>"`);
      }
      if (opts.next && opts.to !== undefined) throw new UsageError("give --next or --to, not both", "--next moves to the next step; --to PCT moves to a share up to the next step");
      const to = opts.to === undefined ? undefined : parsePercent(opts.to, "--to");
      return runMove(cli.io, env, { kind: "rollout", to, force: opts.force, reason: opts.reason }, opts);
    }),
  );

  async function watch(env: string, opts: Options): Promise<number> {
    const format = opts.format === "json" ? "json" : "text";
    for (const flag of ["next", "to", "force", "reason", "ifSeq"] as const) {
      if (opts[flag] !== undefined) {
        throw new UsageError(`--watch moves step by step on its own; it takes no --${flag === "ifSeq" ? "if-seq" : flag}`, `flagctl rollout ${env} --watch [--gate CMD] [--gate-url URL]`);
      }
    }
    const extra: Gate[] = [
      ...opts.gate.map((run): Gate => {
        if (run.trim() === "") throw new UsageError("--gate needs a command", '--gate "./scripts/healthy.sh"');
        return { kind: "run", run, loc: { file: "--gate", line: 0, column: 0 } };
      }),
      ...opts.gateUrl.map((url): Gate => {
        const parsed = URL.canParse(url) ? new URL(url) : null;
        if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
          throw new UsageError(`--gate-url ${url} is not an http(s) URL`, "e.g. --gate-url https://metrics.internal/health/checkout");
        }
        return { kind: "url", url, loc: { file: "--gate-url", line: 0, column: 0 } };
      }),
    ];
    let timeoutMs: number | undefined;
    if (opts.gateTimeout !== undefined) {
      const ms = parseDurationArg(opts.gateTimeout, "--gate-timeout");
      if (ms <= 0) throw new UsageError(`--gate-timeout ${opts.gateTimeout} is not a duration`, "e.g. --gate-timeout 30s");
      timeoutMs = ms;
    }
    const ctx = releaseContext(cli.io, opts);
    const view = watchView(cli.io, format);
    try {
      const result = await watchRollout({
        store: ctx.store,
        project: ctx.project,
        env,
        gates: [...(ctx.project.gates?.[env] ?? []), ...extra],
        actor: await ctx.actor(),
        bakeMs: ctx.bakeOverride(env),
        verifyKey: await verifyKeyFrom(cli.io, opts.verifyKey),
        clock: { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
        runGate: gateRunner({ cwd: ctx.root, env: cli.io.env, timeoutMs }),
        onEvent: (e) => view.event(e),
      });
      return result.outcome === "stable" ? ExitCode.OK : ExitCode.FINDINGS;
    } finally {
      view.close();
    }
  }
};
