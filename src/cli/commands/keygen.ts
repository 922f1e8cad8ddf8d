import { chmod, open, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, UsageError } from "../../errors.js";
import { gitIgnoreState } from "../../git/git.js";
import { generateSigningKeys } from "../../release/sign.js";
import type { RegisterCommand } from "../command.js";
import { addFormatOption } from "../release/context.js";
import { checkFormat, render } from "../reporters/index.js";

export interface KeygenReport {
  /** The --out prefix as given, for the usage hints. */
  prefix: string;
  privateKey: string;
  publicKey: string;
}

export const registerKeygen: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("keygen")
    .description("write an ed25519 key pair for signing releases: PREFIX.key (private, mode 0600) and PREFIX.pub")
    .option("--out <prefix>", "path prefix of the two files", "flagctl-signing");
  addFormatOption(cmd).action(
    cli.action(async (opts: { out: string; format?: string }) => {
      const format = checkFormat("keygen", opts.format);
      const priv = resolve(cli.io.cwd, `${opts.out}.key`);
      const pub = resolve(cli.io.cwd, `${opts.out}.pub`);
      // A private key in a work tree is one `git add -A` away from being published with the config.
      if ((await gitIgnoreState(priv)) === "not-ignored") {
        throw new UsageError(
          `refusing to write the private key ${priv} inside a git work tree where it is not ignored`,
          "write it outside the repo (e.g. --out ~/.config/flagctl/signing), or add *.key to the repo's .gitignore",
          "E_KEY_NOT_IGNORED",
        );
      }
      const keys = generateSigningKeys();
      // "wx": never overwrite a key; losing a signing key silently is worse than an error.
      const created: string[] = [];
      try {
        for (const [path, text, mode] of [[priv, keys.privateKey, 0o600], [pub, keys.publicKey, 0o644]] as const) {
          const fh = await open(path, "wx", mode);
          created.push(path);
          try {
            await fh.writeFile(text);
          } finally {
            await fh.close();
          }
          await chmod(path, mode);
        }
      } catch (e) {
        for (const p of created) await rm(p, { force: true });
        const err = e as NodeJS.ErrnoException;
        if (err.code === "EEXIST") throw new UsageError(`${err.path} already exists; refusing to overwrite a key`, "choose another --out prefix or move the old key away");
        throw new UsageError(`cannot write ${err.path ?? opts.out}: ${err.code ?? err.message}`, "check that the directory exists and is writable");
      }
      cli.io.stdout(render("keygen", format, { prefix: opts.out, privateKey: priv, publicKey: pub }, cli.io.color));
      return ExitCode.OK;
    }),
  );
};
