import { ExitCode, UsageError } from "../../errors.js";
import { upstreamEnv } from "../../core/release/planner.js";
import { envStatus } from "../../core/release/status.js";
import { checkStoredReleases, VerifyCache, verifyCachePath } from "../../release/checkStored.js";
import { missingHistory } from "../../store/history.js";
import { readPointer } from "../../store/pointer.js";
import { listReleases } from "../../store/releases.js";
import type { Pointer } from "../../store/store.js";
import type { RegisterCommand } from "../command.js";
import {
  addBakeOption, addFormatOption, addVerifyKeyOption, checkFormat, releaseContext, verifyKeyFrom, withStoreOptions, type BakeOptions, type VerifyKeyOptions,
} from "../release/context.js";
import { missingHistoryWarning, renderStatus } from "../release/render.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BakeOptions, VerifyKeyOptions {
  format?: string;
}

export const registerStatus: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("status")
    .description("per environment: stable and candidate releases, rollout share, age, and what is due next")
    .argument("[env]", "only this environment");
  withStoreOptions(addVerifyKeyOption(addFormatOption(addBakeOption(cmd)))).action(
    cli.action(async (env: string | undefined, opts: Options) => {
      const format = checkFormat(opts.format);
      const ctx = releaseContext(cli.io, opts);
      const { environments } = ctx.project;
      if (env !== undefined && !environments.includes(env)) {
        throw new UsageError(`unknown environment "${env}"`, `environments are: ${environments.join(", ")}`);
      }
      const pointers = new Map<string, Pointer | null>();
      await Promise.all(environments.map(async (e) => pointers.set(e, (await readPointer(ctx.store, e)).pointer)));
      const shown = env ? [env] : environments;
      // Every release shown is re-checked (unchanged ones cheaply, by ETag), and every history for gaps: a
      // release corrupted in the store, or a deleted history entry, is a finding, not a silent "all fine".
      const cache = await new VerifyCache(verifyCachePath(cli.io.env)).load();
      const shownVersions = shown.flatMap((e) => [pointers.get(e)?.stable, pointers.get(e)?.candidate]).filter((v): v is string => !!v);
      const [checks, gaps] = await Promise.all([
        checkStoredReleases(ctx.store, shownVersions, await verifyKeyFrom(cli.io, opts.verifyKey), cache),
        Promise.all(shown.map(async (e) => [e, await missingHistory(ctx.store, e)] as const)),
      ]);
      await cache.save();
      const missing = new Map(gaps);
      const rows = shown.map((e) => {
        const up = upstreamEnv(ctx.project, e);
        const p = pointers.get(e) ?? null;
        const unverified = [p?.stable, p?.candidate].flatMap((v) => {
          const c = v ? checks.get(v) : undefined;
          return c && !c.ok ? [{ version: c.version, code: c.code, message: c.message }] : [];
        });
        const row = envStatus(ctx.project, e, p, up ? (pointers.get(up) ?? null) : null, ctx.now, ctx.bakeOverride(e));
        return { ...row, unverified, missingHistory: missing.get(e) ?? [] };
      });
      const findings = rows.some((r) => r.unverified.length > 0 || r.missingHistory.length > 0);
      if (format === "json") {
        cli.io.stdout(`${JSON.stringify({ store: ctx.store.url, now: ctx.now.toISOString(), environments: rows }, null, 2)}\n`);
      } else {
        cli.io.stdout(`${ctx.project.name || "project"} @ ${ctx.store.url}\n${renderStatus(rows)}`);
        for (const r of rows) {
          for (const u of r.unverified) cli.io.stdout(`! ${r.env}: ${u.version} does not verify (${u.code}): ${u.message}\n`);
          if (r.missingHistory.length > 0) cli.io.stdout(`${missingHistoryWarning(r.env, r.missingHistory, ctx.store.url)}\n`);
        }
        // A typo in --store looks exactly like a store nobody has published to: say which it is.
        if ([...pointers.values()].every((p) => p === null) && (await listReleases(ctx.store)).length === 0) {
          cli.io.stdout(`\nthe store holds no releases: publish one with \`flagctl publish\`, or check --store if you expected some\n`);
        }
      }
      return findings ? ExitCode.FINDINGS : ExitCode.OK;
    }),
  );
};
