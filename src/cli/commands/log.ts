import type { Manifest } from "../../core/release/manifest.js";
import { ExitCode, UsageError } from "../../errors.js";
import { readManifestLoosely } from "../../release/fetch.js";
import { missingHistory, readHistory } from "../../store/history.js";
import type { Pointer } from "../../store/store.js";
import type { RegisterCommand } from "../command.js";
import { capped } from "../reporters/escape.js";
import { addFormatOption, checkFormat, releaseContext, withStoreOptions } from "../release/context.js";
import { describeState, describeTransition, introduced, missingHistoryWarning, renderLogEntry } from "../release/render.js";
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
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${opts.limit} is not a positive integer`);
      const ctx = releaseContext(cli.io, opts);
      if (!ctx.project.environments.includes(env)) {
        throw new UsageError(`unknown environment "${env}"`, `environments are: ${ctx.project.environments.join(", ")}`);
      }
      // One more than shown, so the oldest shown entry has a "from".
      const [history, missing] = await Promise.all([readHistory(ctx.store, env, { limit: limit + 1 }), missingHistory(ctx.store, env)]);
      const shown = history.slice(0, limit);
      // The state before an entry is the entry with the seq just below it; with that one missing, it is unknown
      // and a from→to read across the gap would be wrong.
      const gone = new Set(missing);
      const beforeOf = (i: number): Pointer | null | "missing" => (gone.has(shown[i].seq - 1) ? "missing" : (history[i + 1] ?? null));
      const notes = new Map<string, Manifest | null>();
      for (const [i, entry] of shown.entries()) {
        const before = beforeOf(i);
        if (before === "missing") continue;
        for (const v of introduced(before, entry)) {
          if (!notes.has(v)) notes.set(v, await readManifestLoosely(ctx.store, v));
        }
      }
      if (format === "json") {
        const entries = shown.map((entry, i) => {
          const before = beforeOf(i);
          if (before === "missing") return { ...entry, change: null, previousMissing: true, releases: [] };
          return {
            ...entry,
            change: describeTransition(before, entry),
            releases: introduced(before, entry).map((v) => ({
              version: v,
              parent: notes.get(v)?.parent ?? null,
              changedFlags: notes.get(v)?.changedFlags ?? null,
            })),
          };
        });
        cli.io.stdout(`${JSON.stringify({ env, missing, entries }, null, 2)}\n`);
      } else if (shown.length === 0) {
        cli.io.stdout(`${env}: no history in ${ctx.store.url}\n`);
      } else {
        const text = shown.map((entry, i) => {
          const before = beforeOf(i);
          return before === "missing"
            ? `#${entry.seq}  ${capped(entry.updatedAt)}  ${capped(entry.by)}\n  ${env}: now ${describeState(entry)} (from: unknown, history #${entry.seq - 1} is missing)\n`
            : renderLogEntry(env, entry, before, notes);
        });
        if (missing.length > 0) text.unshift(`${missingHistoryWarning(env, missing, ctx.store.url)}\n`);
        cli.io.stdout(text.join("\n"));
      }
      return ExitCode.OK;
    }),
  );
};
