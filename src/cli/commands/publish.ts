import { resolve } from "node:path";
import { loadProject, type LoadedProject } from "../../app/loadProject.js";
import { publish } from "../../app/publish.js";
import { ExitCode, UsageError } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { addFormatOption, repoStart, verifyKeyFrom, withStoreOptions } from "../release/context.js";
import { progress } from "../release/progress.js";
import { checkFormat, render } from "../reporters/index.js";
import { openStoreFromOptions } from "../storeOptions.js";
import { buildAndTell, type BuildOptions } from "./build.js";

interface Options extends BuildOptions {
  build?: boolean;
  allowDirty?: boolean;
  verifyKey?: string;
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
      const format = checkFormat("publish", opts.format);
      if (!dir && !opts.build) throw new UsageError("publish needs a build directory or --build", "e.g. flagctl publish --build --store file://./store");
      if (dir && opts.build) throw new UsageError("give a build directory or --build, not both", "flagctl publish DIR publishes a build; flagctl publish --build builds the current commit and publishes it");
      const store = publishStore(cli.io, opts, Boolean(dir));
      // Before building: a key that cannot be read is a usage error, found before any work is done or written.
      const verifyKey = await verifyKeyFrom(cli.io, opts.verifyKey);
      const fresh = dir ? null : await buildAndTell(cli.io, opts, store, format === "json");
      const buildDir = fresh ? fresh.dir : resolve(cli.io.cwd, dir!);
      const result = await publish({ store, dir: buildDir, allowDirty: opts.allowDirty, dirtyFiles: fresh?.dirtyFiles, verifyKey, progress: (v) => progress(cli.io, `publishing ${v}`) });
      cli.io.stdout(render("publish", format, result, cli.io.color));
      return ExitCode.OK;
    }),
  );
};

// Publishing a build directory needs no config repo when --store names the store.
function publishStore(io: CliIO, opts: Options, fromDir: boolean) {
  let loaded: LoadedProject | undefined;
  try {
    loaded = loadProject(repoStart(io, opts));
  } catch (e) {
    if (!fromDir || !opts.store) throw e;
  }
  return openStoreFromOptions(opts, { cwd: io.cwd, env: io.env, projectStore: loaded?.project.store, projectDir: loaded?.root });
}
