import { Option } from "commander";
import { resolve } from "node:path";
import { findStaleFlags } from "../../app/stale.js";
import { projectFileBroken } from "../../core/checkRepo.js";
import { ExitCode, UsageError } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { addCodeOption, codeDirsFrom, type CodeCliOptions } from "../hygieneOptions.js";
import { checkWorkingTree } from "../../app/check.js";
import { projectError } from "../../app/loadProject.js";
import { formatsFor, render } from "../reporters/index.js";
import { openConfiguredStore } from "../storeOptions.js";

interface StaleOptions extends CodeCliOptions {
  cwd?: string;
  format: string;
  store?: string | false;
  endpoint?: string;
  now?: string;
  exitCode?: boolean;
}

export const registerStale: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("stale")
    .description("flags to delete: expired, unreferenced in code, serving one value everywhere, or settled in every environment")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .option("--store <url>", "store whose history tells how long each flag has been unchanged (default: store: in flagctl.yaml)")
    .option("--no-store", "do not read a store (the settled reason is not checked)")
    .option("--endpoint <url>", "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (also FLAGCTL_S3_ENDPOINT)")
    .option("--now <time>", "judge as of this date or ISO time instead of the clock (e.g. 2026-12-01)")
    .option("--exit-code", "exit 1 when any flag is stale")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("stale")).default("text"));
  addCodeOption(cmd).action(
    cli.action(async (opts: StaleOptions) => {
      const now = parseNow(opts.now);
      // Lint errors do not stop it: an expired flag is an error to validate and exactly what this lists.
      const { root, result: checked, diagnostics } = await checkWorkingTree(resolve(cli.io.cwd, opts.cwd ?? "."), now);
      const repo = checked.repo;
      if (!repo || projectFileBroken(diagnostics)) throw projectError(diagnostics);
      const store = opts.store === false ? undefined : openConfiguredStore({ store: opts.store, endpoint: opts.endpoint }, { cwd: cli.io.cwd, env: cli.io.env, projectStore: repo.project.store, projectDir: root });
      const codeDirs = codeDirsFrom(opts, cli.io.cwd, root, repo.project);
      const result = await findStaleFlags({ repo, root, now, codeDirs }, { store });
      cli.io.stdout(render("stale", opts.format, { result, cwd: cli.io.cwd, root }, cli.io.color));
      return opts.exitCode && result.flags.length > 0 ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};

/** A date (midnight UTC) or an ISO time with a zone; checked before anything is read. */
export function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const t = text.trim();
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(t) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t);
  const ms = ok ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms) || (t.length === 10 && new Date(ms).toISOString().slice(0, 10) !== t)) {
    throw new UsageError(`--now ${text} is not a date or an ISO time with a zone`, "use e.g. --now 2026-12-01 or --now 2026-12-01T09:00:00Z");
  }
  return new Date(ms);
}
