import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { scaffoldFiles } from "../../core/init/scaffold.js";
import { ExitCode, ProjectError, UsageError } from "../../errors.js";
import { loadSchemas, SCHEMA_FILES } from "../../schemas.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";

export const registerInit: RegisterCommand = (program, cli) => {
  program
    .command("init")
    .description("create a config repo with example flags, a segment, tests and editor schemas")
    .argument("[dir]", "directory to create it in", ".")
    .action(cli.action((dir: string) => init(cli.io, dir)));
};

export function init(io: CliIO, dir: string): number {
  const root = resolve(io.cwd, dir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`${root} exists and is not a directory`, "give init a directory", "E_INIT_NOT_DIR");
  const name = basename(root).replace(/[^A-Za-z0-9_-]/g, "-") || "flags";
  const files = scaffoldFiles({ name, today: new Date().toISOString().slice(0, 10), schemas: loadSchemas(), schemaFiles: SCHEMA_FILES });
  const existing = files.filter((f) => existsSync(join(root, f.path))).map((f) => f.path);
  if (existing.length) {
    throw new UsageError(
      `refusing to overwrite existing files in ${root}: ${existing.join(", ")}`,
      "run init in an empty directory, or move those files away first",
      "E_INIT_EXISTS",
    );
  }
  for (const f of files) {
    const target = join(root, f.path);
    try {
      mkdirSync(dirname(target), { recursive: true });
      // Write-then-rename: an interrupted init never leaves a half-written file.
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, f.text, { flag: "wx" });
      renameSync(tmp, target);
    } catch (err) {
      throw new ProjectError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check that the directory is writable", "E_INIT_WRITE");
    }
  }
  io.stdout(`Created a flagctl config repo in ${root}:\n${files.map((f) => `  ${f.path}`).join("\n")}\n\nNext: cd ${dir} && flagctl validate\n`);
  return ExitCode.OK;
}
