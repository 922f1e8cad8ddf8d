import { relative, resolve } from "node:path";
import { build, BuildRefusedError, dirtySummary, type BuildResult } from "../../app/build.js";
import { loadProject } from "../../app/loadProject.js";
import { summaryLine } from "../../core/golden/index.js";
import { ExitCode } from "../../errors.js";
import { loadKey } from "../../release/sign.js";
import type { ObjectStore } from "../../store/store.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { addFormatOption, repoStart, withStoreOptions, type RepoOptions } from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";
import { plural } from "../reporters/release.js";
import { failureLines } from "../reporters/testResults.js";
import { openConfiguredStore, type StoreCliOptions } from "../storeOptions.js";

export interface BuildOptions extends StoreCliOptions, RepoOptions {
  out?: string;
  signKey?: string;
  offline?: boolean;
  format?: string;
}

export const registerBuild: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("build")
    .description("validate, test and compile the repo into a release: manifest.json (+ manifest.sig) and envs/<env>.json")
    .option("--out <dir>", "where to write the release (default .flagctl/build/<version>/)")
    .option("--offline", "skip the flag checks that need the network (the golden tests still run)")
    .option("--sign-key <file>", "ed25519 private key (PEM) to sign the manifest (also FLAGCTL_SIGNING_KEY: a path or PEM text)");
  withStoreOptions(addFormatOption(cmd)).action(
    cli.action(async (opts: BuildOptions) => {
      const format = checkFormat("build", opts.format);
      const store = parentStore(cli.io, opts);
      const result = await buildAndTell(cli.io, opts, store, format === "json");
      cli.io.stdout(render("build", format, result, cli.io.color));
      return ExitCode.OK;
    }),
  );
};

/** `flagctl build`, also run by `publish --build`: what refused a build, or what was built, goes to stderr. */
export async function buildAndTell(io: CliIO, opts: BuildOptions, store: ObjectStore | null, quiet: boolean): Promise<BuildResult> {
  const signSpec = opts.signKey ?? nonEmpty(io.env.FLAGCTL_SIGNING_KEY);
  const signKey = signSpec ? await loadKey("private", signSpec, opts.signKey ? "--sign-key" : "FLAGCTL_SIGNING_KEY") : null;
  let r: BuildResult;
  try {
    r = await build({ start: repoStart(io, opts), out: opts.out ? resolve(io.cwd, opts.out) : undefined, signKey, offline: opts.offline, store, env: io.env });
  } catch (e) {
    if (e instanceof BuildRefusedError) {
      const { checked, failed = [] } = e;
      if (checked) io.stderr(render("diagnostics", "text", { diagnostics: checked.diagnostics, sources: checked.result.sources, subject: "refusing to evaluate an invalid config" }, io.color));
      for (const t of failed) io.stderr(`  ✖ ${t.file}:${t.line}:${t.column} ${t.name}\n${failureLines(t).map((l) => `      ${l}\n`).join("")}`);
    }
    throw e;
  }
  if (quiet) return r;
  io.stderr(`tests: ${summaryLine(r.tests)}\n`);
  io.stderr(
    `built ${r.version}${r.dirty ? ` (work tree has uncommitted changes: ${dirtySummary(r.dirtyFiles)})` : ""} in ${shortPath(io.cwd, r.dir)}: ` +
      `${r.envs} environments, ${plural(r.changedFlags, "changed flag")} ${r.parent ? `since ${r.parent}` : store ? "(first release in the store)" : "(no store to find a parent release in)"}` +
      `${r.signed ? ", signed" : ""}${r.written === "unchanged" ? " (identical to the existing build)" : ""}\n`,
  );
  return r;
}

/**
 * Where `build` looks for the parent release: --store, else flagctl.yaml's store unless --offline. So `build` and
 * `publish --build` of one commit give the same bytes, and `log` shows what changed since the parent.
 */
function parentStore(io: CliIO, opts: BuildOptions): ObjectStore | null {
  const loaded = opts.store || opts.offline ? undefined : loadProject(repoStart(io, opts));
  return openConfiguredStore(opts, { cwd: io.cwd, env: io.env, projectStore: loaded?.project.store, projectDir: loaded?.root }) ?? null;
}

const nonEmpty = (v: string | undefined) => (v && v.trim() !== "" ? v : undefined);

function shortPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}
