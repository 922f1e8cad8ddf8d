import { resolve } from "node:path";
import { collectReport } from "../../app/report/collectReport.js";
import { ExitCode, UsageError } from "../../errors.js";
import { RepoLoader } from "../../app/diff/loadRepoModels.js";
import { headFacts } from "../../git/git.js";
import { findRepoRoot } from "../../repo/readRepo.js";
import { plannedPaths, renderSite } from "../../report/renderSite.js";
import { checkOutDir, writeSite } from "../../report/writeSite.js";
import { parseInteger } from "../args.js";
import type { RegisterCommand } from "../command.js";
import { addCodeOption, codeDirsFrom, type CodeCliOptions } from "../hygieneOptions.js";
import { addFormatOption, repoStart } from "../release/context.js";
import { addStoreOptions, openConfiguredStore, type StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, CodeCliOptions {
  out: string;
  cwd?: string;
  history: string;
  format?: string;
}

export const registerReport: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("report")
    .description("write a static HTML site: the flag matrix, a page per flag and per environment's release timeline")
    .requiredOption("--out <dir>", "directory to write (new, empty, or a previous report's)")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .option("--history <n>", "newest N commits of the config repo to show as flag changes", "50");
  addCodeOption(addFormatOption(addStoreOptions(cmd))).action(
    cli.action(async (opts: Options) => {
      const format = opts.format ?? "text";
      if (format !== "text" && format !== "json") throw new UsageError(`--format ${format} is not supported here`, "use --format text or --format json");
      const historyLimit = parseInteger(opts.history, "--history", { min: 0, hint: "e.g. --history 100 (0: no history)" });
      const started = Date.now();
      const root = findRepoRoot(repoStart(cli.io, opts));
      const target = checkOutDir(resolve(cli.io.cwd, opts.out), root);
      const now = new Date();
      const loader = new RepoLoader(now.toISOString().slice(0, 10));
      const side = loader.readWorkTree(root);
      const loaded = await loader.loadSide(side);
      const project = loaded.repo.project;
      const store = openConfiguredStore(opts, { cwd: cli.io.cwd, env: cli.io.env, projectStore: project.store, projectDir: root });
      const commit = await headFacts(root).then((h) => h.commit + (h.dirty ? " (dirty)" : ""), () => null);
      const data = await collectReport(
        {
          root,
          work: { side, repo: loaded.repo, models: loaded.models },
          now,
          codeDirs: codeDirsFrom(opts, cli.io.cwd, root, project),
          historyLimit,
          commit,
        },
        { store },
      );
      const written = await writeSite(target, renderSite(data), plannedPaths(data));
      const summary = {
        out: target.dir,
        index: `${target.dir}/index.html`,
        flags: data.flags.length,
        environments: data.environments.length,
        files: written.files,
        bytes: written.bytes,
        removed: written.removed,
        commits: data.history.commits,
        ms: Date.now() - started,
        notes: data.notes,
        skipped: data.history.skipped,
      };
      if (format === "json") cli.io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const mb = (written.bytes / 1e6).toFixed(1);
        cli.io.stdout(`report: ${data.flags.length} flags × ${data.environments.length} environments, ${data.history.commits} commit${data.history.commits === 1 ? "" : "s"} of history → ${summary.index} (${written.files} files, ${mb} MB, ${(summary.ms / 1000).toFixed(1)}s)\n`);
        for (const n of summary.notes) cli.io.stdout(`  note: ${n}\n`);
        if (summary.skipped.length > 0) {
          const first = summary.skipped[0];
          cli.io.stdout(`  note: ${summary.skipped.length} commit(s) left out of the history: their config does not load (first: ${first.commit.slice(0, 10)}: ${first.why})\n`);
        }
      }
      return ExitCode.OK;
    }),
  );
};
