import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { scaffoldFiles } from "../../core/init/scaffold.js";
import { nearestGitRoot } from "../../git/gitPlace.js";
import { ExitCode, ProjectError, UsageError } from "../../errors.js";
import { loadSchemas, SCHEMA_FILES } from "../../schemas.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { addFormatOption } from "../release/context.js";
import { checkFormat, render, type Format } from "../reporters/index.js";

export interface InitReport {
  /** As given on the command line, for the "Next: cd DIR" hint. */
  dir: string;
  root: string;
  files: string[];
  gitignore: { existed: boolean; added: string[] };
  /** Inside a git work tree: `flagctl build` stamps a release with the commit, so outside one it needs `git init`. */
  inGit: boolean;
}

/** Build output and the file:// store live under .flagctl/; signing keys are *.key. Untracked, they make builds -dirty. */
export const GITIGNORE_LINES = [".flagctl/", "*.key"];

export const registerInit: RegisterCommand = (program, cli) => {
  addFormatOption(
    program
      .command("init")
      .description("create a config repo with example flags, a segment, tests, editor schemas and a .gitignore")
      .argument("[dir]", "directory to create it in", "."),
  ).action(cli.action((dir: string, opts: { format?: string }) => init(cli.io, dir, checkFormat("init", opts.format))));
};

export function init(io: CliIO, dir: string, format: Format = "text"): number {
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
  const gitignore = plannedGitignore(join(root, ".gitignore"));
  for (const f of files) writeNew(join(root, f.path), f.text, "wx");
  // An existing .gitignore keeps every line it has; only the missing entries are added at its end.
  if (gitignore.text !== undefined) writeNew(join(root, ".gitignore"), gitignore.text, gitignore.existed ? "w" : "wx");
  const written = [...files.map((f) => f.path), ...(gitignore.text === undefined ? [] : [".gitignore"])];
  const report: InitReport = { dir, root, files: written, gitignore: { existed: gitignore.existed, added: gitignore.added }, inGit: nearestGitRoot(root) !== undefined };
  io.stdout(render("init", format, report, io.color));
  return ExitCode.OK;
}

function plannedGitignore(path: string): { text?: string; existed: boolean; added: string[] } {
  let old: string | undefined;
  try {
    old = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new ProjectError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check that it is a readable file", "E_INIT_WRITE");
    }
  }
  const have = new Set((old ?? "").split(/\r?\n/).map((l) => l.trim()));
  const added = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(`/${l}`));
  if (added.length === 0) return { existed: true, added };
  const block = `# flagctl: build output and the local store (.flagctl/), signing keys (*.key)\n${added.join("\n")}\n`;
  if (old === undefined) return { text: block, existed: false, added };
  return { text: `${old}${old === "" || old.endsWith("\n") ? "" : "\n"}${block}`, existed: true, added };
}

/** Write-then-rename: an interrupted init never leaves a half-written file. */
function writeNew(target: string, text: string, flag: "wx" | "w"): void {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, text, { flag: "wx" });
    if (flag === "wx" && existsSync(target)) throw Object.assign(new Error("exists"), { code: "EEXIST" });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ProjectError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check that the directory is writable", "E_INIT_WRITE");
  }
}
