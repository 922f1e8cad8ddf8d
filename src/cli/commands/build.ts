import { ExitCode } from "../../errors.js";
import type { RegisterCommand } from "../command.js";
import { runBuild, type BuildOptions } from "../../app/build.js";
import { addFormatOption, checkFormat, withStoreOptions } from "../release/context.js";

interface Options extends BuildOptions {
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
    cli.action(async (opts: Options) => {
      const format = checkFormat(opts.format);
      const result = await runBuild(cli.io, opts, { quiet: format === "json" });
      if (format === "json") cli.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else cli.io.stdout(`${result.dir}\n`);
      return ExitCode.OK;
    }),
  );
};
