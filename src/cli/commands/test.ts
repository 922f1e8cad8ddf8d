import { Option } from "commander";
import { runTests } from "../../app/test.js";
import { ExitCode } from "../../errors.js";
import { parseInteger, parseTime } from "../args.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { loadRepoOrReport } from "../loadRepo.js";
import { progress } from "../release/progress.js";
import { hotLoop } from "../tiering.js";
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
  const fixed = opts.now === undefined ? undefined : parseTime(opts.now, "--now");
  const now = fixed === undefined ? Date.now : () => fixed;
  const timeoutMs = parseInteger(opts.timeout, "--timeout", { min: 1, max: 600_000, hint: "milliseconds per attempt, e.g. --timeout 5000" });
  const repo = await loadRepoOrReport(io, opts);
  if (typeof repo === "number") return repo;
  // On a terminal only (CI logs and pipes get the result alone). Golden tests run synchronously, so the line is
  // drawn from their progress reports; progress() shows nothing for a run under a second.
  const bar = io.isTTY ? progress(io, "testing") : undefined;
  const onProgress = bar && ((done: number, total: number) => {
    if (done % 50 === 0 || done === total) bar.update(`${done}/${total} golden tests`);
  });
  const summary = await hotLoop(() => runTests(repo, { now, offline: opts.offline, filter: opts.filter, timeoutMs, env: io.env, onProgress })).finally(() => bar?.done());
  io.stdout(render("tests", opts.format, summary, io.color));
  return summary.failed ? ExitCode.FINDINGS : ExitCode.OK;
}
