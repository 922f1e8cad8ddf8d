import type { Manifest } from "../../core/release/manifest.js";
import { ExitCode } from "../../errors.js";
import { checkEnv, parseInteger } from "../args.js";
import { readManifestLoosely } from "../../release/fetch.js";
import { readHistory } from "../../store/history.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption, checkFormat, releaseContext, withStoreOptions } from "../release/context.js";
import { describeTransition, introduced, renderLogEntry } from "../release/render.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions {
  limit?: string;
  format?: string;
}

export const registerLog: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("log")
    .description("an environment's history as release notes: who changed what, when, why, and which flags changed")
    .argument("<env>", "environment")
    .option("--limit <n>", "newest N changes", "20");
  withStoreOptions(addFormatOption(cmd)).action(
    cli.action(async (env: string, opts: Options) => {
      const format = checkFormat(opts.format);
      const limit = parseInteger(opts.limit ?? "20", "--limit", { min: 1, max: 100_000, hint: "e.g. --limit 50" });
      const ctx = releaseContext(cli.io, opts);
      checkEnv(ctx.project.environments, env);
      // One more than shown, so the oldest shown entry has a "from".
      const history = await readHistory(ctx.store, env, { limit: limit + 1 });
      const shown = history.slice(0, limit);
      const notes = new Map<string, Manifest | null>();
      for (const [i, entry] of shown.entries()) {
        for (const v of introduced(history[i + 1] ?? null, entry)) {
          if (!notes.has(v)) notes.set(v, await readManifestLoosely(ctx.store, v));
        }
      }
      if (format === "json") {
        const entries = shown.map((entry, i) => ({
          ...entry,
          change: describeTransition(history[i + 1] ?? null, entry),
          releases: introduced(history[i + 1] ?? null, entry).map((v) => ({
            version: v,
            parent: notes.get(v)?.parent ?? null,
            changedFlags: notes.get(v)?.changedFlags ?? null,
          })),
        }));
        cli.io.stdout(`${JSON.stringify({ env, entries }, null, 2)}\n`);
      } else if (shown.length === 0) {
        cli.io.stdout(`${env}: no history in ${ctx.store.url}\n`);
      } else {
        cli.io.stdout(shown.map((entry, i) => renderLogEntry(env, entry, history[i + 1] ?? null, notes)).join("\n"));
      }
      return ExitCode.OK;
    }),
  );
};
