import { resolve } from "node:path";
import { ExitCode, RefusedError, UsageError } from "../../errors.js";
import { readBuildDir } from "../../release/buildDir.js";
import { verifyRelease } from "../../release/verify.js";
import { putRelease } from "../../store/putRelease.js";
import type { RegisterCommand } from "../command.js";
import { runBuild, type BuildOptions } from "../release/buildCommand.js";
import { addFormatOption, checkFormat, repoStart, verifyKeyFrom, withStoreOptions } from "../release/context.js";
import { loadProject, type LoadedProject } from "../release/project.js";
import type { CliIO } from "../io.js";
import { openStoreFromOptions } from "../storeOptions.js";
import { progress } from "../release/progress.js";
import type { StoreCliOptions } from "../storeOptions.js";

interface Options extends StoreCliOptions, BuildOptions {
  build?: boolean;
  allowDirty?: boolean;
  verifyKey?: string;
  format?: string;
}

export const registerPublish: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("publish")
    .description("upload a built release to the store (env files first, manifest last); idempotent, verified")
    .argument("[dir]", "a build directory (from flagctl build)")
    .option("--build", "build the current commit first and publish that")
    .option("--offline", "skip the flag checks that need the network (the golden tests still run)")
    .option("--sign-key <file>", "with --build: ed25519 private key (PEM) to sign the manifest (also FLAGCTL_SIGNING_KEY)")
    .option("--allow-dirty", "publish a -dirty version built from uncommitted changes")
    .option("--verify-key <file>", "ed25519 public key (PEM) the release must be signed with (also FLAGCTL_VERIFY_KEY)");
  withStoreOptions(addFormatOption(cmd), { writes: true }).action(
    cli.action(async (dir: string | undefined, opts: Options) => {
      const format = checkFormat(opts.format);
      if (!dir && !opts.build) throw new UsageError("publish needs a build directory or --build", "e.g. flagctl publish --build --store file://./store");
      if (dir && opts.build) throw new UsageError("give a build directory or --build, not both");
      const ctx = publishContext(cli.io, opts, Boolean(dir));
      const fresh = dir ? null : await runBuild(cli.io, opts, { quiet: format === "json", parentStore: ctx.store });
      const buildDir = fresh ? fresh.dir : resolve(cli.io.cwd, dir!);
      const built = await readBuildDir(buildDir);
      const { version } = built.manifest;
      if (built.manifest.dirty && !opts.allowDirty) {
        const what = fresh?.dirtyFiles.length ? `: ${fresh.dirtyFiles.slice(0, 5).join(", ")}${fresh.dirtyFiles.length > 5 ? `, … ${fresh.dirtyFiles.length} files` : ""}` : "";
        throw new RefusedError(
          "E_DIRTY_RELEASE",
          `${version} was built from a work tree with uncommitted changes${what}`,
          "commit them (or add build output and keys to .gitignore) and rebuild, or pass --allow-dirty",
        );
      }
      const key = await verifyKeyFrom(cli.io, opts.verifyKey);
      const local = new Map(built.files.map((f) => [f.path, f.body]));
      await verifyRelease({ manifest: built.manifestBytes, signature: built.signature }, async (p) => local.get(p) ?? null, key, buildDir);
      const bar = progress(cli.io, `publishing ${version}`);
      let result;
      try {
        result = await putRelease(ctx.store, version, built.files, { onFile: (p, i, n) => bar.update(`${i + 1}/${n} ${p}`) });
      } finally {
        bar.done();
      }
      if (format === "json") {
        cli.io.stdout(`${JSON.stringify({ store: ctx.store.url, ...result }, null, 2)}\n`);
      } else if (result.uploaded.length === 0) {
        cli.io.stdout(`${version} is already in ${ctx.store.url} (identical bytes); nothing uploaded\n`);
      } else {
        cli.io.stdout(
          `published ${version} to ${ctx.store.url}: ${result.uploaded.length} file(s) uploaded` +
            `${result.unchanged.length ? `, ${result.unchanged.length} already there` : ""}; verified\n`,
        );
      }
      return ExitCode.OK;
    }),
  );
};

// Publishing a build directory needs no config repo when --store names the store.
function publishContext(io: CliIO, opts: Options, fromDir: boolean) {
  let loaded: LoadedProject | undefined;
  try {
    loaded = loadProject(repoStart(io, opts));
  } catch (e) {
    if (!fromDir || !opts.store) throw e;
  }
  const store = openStoreFromOptions(opts, { cwd: io.cwd, env: io.env, projectStore: loaded?.project.store, projectDir: loaded?.root });
  return { store };
}
