import { Option } from "commander";
import { runTests } from "../../app/test.js";
import { ExitCode, UsageError } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { loadRepoOrReport } from "../loadRepo.js";
import { formatsFor, render } from "../reporters/index.js";

interface TestOptions {
  format: string;
  offline?: boolean;
  cwd?: string;
  filter?: string;
  now?: string;
  timeout: string;
}

export const registerTest: RegisterCommand = (program, cli) => {
  program
    .command("test")
    .description("validate, then run the golden tests in tests/ and each flag's checks")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("tests")).default("text"))
    .option("--offline", "skip the checks that need the network (reported as skipped)")
    .option("--filter <text>", "only tests whose name, file or flag keys contain this text (and checks of matching flags)")
    .option("--now <time>", "the clock for time conditions when a test's context has no `now` (ISO 8601 or epoch ms; default: the real clock)")
    .option("--timeout <ms>", "per-attempt timeout of a URL check", "5000")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .action(cli.action((opts: TestOptions) => testCommand(cli.io, opts)));
};

export async function testCommand(io: CliIO, opts: TestOptions): Promise<number> {
  const now = opts.now === undefined ? Date.now : fixedClock(opts.now);
  const timeoutMs = Number(opts.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout ${opts.timeout} is not a positive number of milliseconds`);
  const repo = await loadRepoOrReport(io, opts);
  if (typeof repo === "number") return repo;
  const summary = await runTests(repo, { now, offline: opts.offline, filter: opts.filter, timeoutMs, env: io.env });
  io.stdout(render("tests", opts.format, summary, io.color));
  return summary.failed ? ExitCode.FINDINGS : ExitCode.OK;
}

function fixedClock(text: string): () => number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--now ${text} is not a time`, "use ISO 8601 (2026-11-21T12:00:00Z) or epoch milliseconds");
  return () => ms;
}
