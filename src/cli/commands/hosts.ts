import { Option } from "commander";
import { fleetDrift, hasDrift, hostRows, type HostRow } from "../../core/fleet/drift.js";
import { driftLine } from "../../core/fleet/driftText.js";
import { formatDuration } from "../../core/release/duration.js";
import { ExitCode, UsageError } from "../../errors.js";
import { readHostReports } from "../../store/hosts.js";
import { readPointer } from "../../store/pointer.js";
import type { RegisterCommand } from "../command.js";
import { releaseContext, withStoreOptions } from "../release/context.js";
import { describeState } from "../release/render.js";
import { data, prop } from "../reporters/github.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions {
  format: "text" | "json" | "github" | "markdown";
  exitCode?: boolean;
}

export const registerHosts: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("hosts")
    .description("the hosts that report to an environment (agents run with --report): what each runs, what the pointer assigns it")
    .argument("<env>", "environment")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github", "markdown"]).default("text"))
    .option("--exit-code", "exit 1 when a host drifts or stopped reporting");
  withStoreOptions(cmd).action(
    cli.action(async (env: string, opts: Options) => {
      const ctx = releaseContext(cli.io, opts);
      if (!ctx.project.environments.includes(env)) {
        throw new UsageError(`unknown environment "${env}"`, `environments are: ${ctx.project.environments.join(", ")}`);
      }
      const [{ pointer }, reports] = await Promise.all([
        readPointer(ctx.store, env),
        readHostReports(ctx.store, env, (key, why) => cli.io.stderr(`warning: ${key} skipped: ${why}\n`)),
      ]);
      const rows = hostRows(pointer, reports, ctx.now);
      const summary = fleetDrift(pointer, reports, ctx.now);
      const summaryLine = driftLine(summary, pointer?.updatedAt ?? null, ctx.now);
      const age = (r: HostRow) => `${formatDuration(r.ageMs)} ago`;
      switch (opts.format) {
        case "json":
          cli.io.stdout(
            `${JSON.stringify(
              {
                env,
                store: ctx.store.url,
                now: ctx.now.toISOString(),
                pointer: pointer && { seq: pointer.seq, stable: pointer.stable, candidate: pointer.candidate, percent: pointer.percent },
                hosts: rows,
                summary,
              },
              null,
              2,
            )}\n`,
          );
          break;
        case "github":
          for (const r of rows.filter((x) => x.state !== "matching")) {
            const what = r.state === "silent" ? `silent for ${formatDuration(r.ageMs)} (last ran ${r.version ?? "nothing"})` : `runs ${r.version ?? "nothing"}, the pointer assigns ${r.expected ?? "nothing"}`;
            cli.io.stdout(`::warning title=${prop(`${env}: host ${r.host} ${r.state}`)}::${data(`${r.host} ${what}`)}\n`);
          }
          cli.io.stdout(`${env}: ${summaryLine}\n`);
          break;
        case "markdown": {
          const cell = (s: string) => s.replace(/\|/g, "\\|");
          const lines = [
            `### ${env}: ${cell(summaryLine)}`,
            "",
            `Pointer: ${cell(describeState(pointer))}`,
            "",
            "| host | runs | track | pointer assigns | state | last report |",
            "|---|---|---|---|---|---|",
            ...rows.map((r) => `| ${cell(r.host)} | ${r.version ?? "-"} | ${r.track ?? "-"} | ${r.expected ?? "-"} | ${r.state} | ${age(r)} |`),
          ];
          cli.io.stdout(`${lines.join("\n")}\n`);
          break;
        }
        default: {
          if (rows.length === 0) {
            cli.io.stdout(`${env}: no host reports (agents write them when started with --report)\n`);
            break;
          }
          const head = ["HOST", "RUNS", "TRACK", "ASSIGNED", "STATE", "LAST REPORT"];
          const cells = rows.map((r) => [r.host, r.version ?? "-", r.track ?? "-", r.expected ?? "-", r.state, age(r)]);
          const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
          const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join("  ");
          cli.io.stdout(`${env}: ${describeState(pointer)}\n${[head, ...cells].map(line).join("\n")}\n${summaryLine}\n`);
        }
      }
      return opts.exitCode && hasDrift(summary) ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
