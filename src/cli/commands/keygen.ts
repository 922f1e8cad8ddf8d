import { chmod, open } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, UsageError } from "../../errors.js";
import { generateSigningKeys } from "../../release/sign.js";
import type { RegisterCommand } from "../command.js";

export const registerKeygen: RegisterCommand = (program, cli) => {
  program
    .command("keygen")
    .description("write an ed25519 key pair for signing releases: PREFIX.key (private, mode 0600) and PREFIX.pub")
    .option("--out <prefix>", "path prefix of the two files", "flagctl-signing")
    .action(
      cli.action(async (opts: { out: string }) => {
        const priv = resolve(cli.io.cwd, `${opts.out}.key`);
        const pub = resolve(cli.io.cwd, `${opts.out}.pub`);
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
          const { rm } = await import("node:fs/promises");
          for (const p of created) await rm(p, { force: true });
          const err = e as NodeJS.ErrnoException;
          if (err.code === "EEXIST") throw new UsageError(`${err.path} already exists; refusing to overwrite a key`, "choose another --out prefix or move the old key away");
          throw new UsageError(`cannot write ${err.path ?? opts.out}: ${err.code ?? err.message}`);
        }
        cli.io.stdout(
          `wrote ${priv} (private, keep secret; sign with: flagctl build --sign-key ${opts.out}.key or FLAGCTL_SIGNING_KEY)\n` +
            `wrote ${pub} (public; verify with: --verify-key ${opts.out}.pub or FLAGCTL_VERIFY_KEY)\n`,
        );
        return ExitCode.OK;
      }),
    );
};
