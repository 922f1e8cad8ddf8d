import { Option } from "commander";
import { resolve } from "node:path";
import { hasDifferences } from "../../core/diff/index.js";
import { runDiff } from "../../app/diff.js";
import { ExitCode } from "../../errors.js";
import { findRepoRoot } from "../../repo/readRepo.js";
import { codeDirs, findRefs, type CodeDir } from "../../app/refs.js";
import type { DiffReport, StillReferenced } from "../../core/diff/index.js";
import { addCodeOption, type CodeCliOptions } from "../hygieneOptions.js";
import { loadProject } from "../../app/loadProject.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { formatsFor, render } from "../reporters/index.js";
import { addStoreOptions, openStoreFromOptions, type StoreCliOptions } from "../storeOptions.js";

interface DiffOptions extends StoreCliOptions, CodeCliOptions {
  base?: string;
  format: string;
  exitCode?: boolean;
  allowBreaking?: boolean;
  sample?: string;
  cwd?: string;
}

export const registerDiff: RegisterCommand = (program, cli) => {
  const cmd = program
    .command("diff")
    .description("what is served differently between two sides: ENV, ENV@GITREV, ENV@deployed, VERSION[:ENV]; or --base GITREF for every env")
    .argument("[from]", "old side: ENV (working tree), ENV@REV, ENV@deployed, VERSION or VERSION:ENV")
    .argument("[to]", "new side, same forms")
    .option("--base <gitref>", "compare every environment of the working tree against this git revision (the PR view)")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("diff")).default("text"))
    .option("--exit-code", "exit 1 when there are differences")
    .option("--allow-breaking", "do not fail on breaking changes (flags or variations removed while a deployed release serves them)")
    .option("--sample <file.jsonl>", "contexts to evaluate on both sides, one JSON object per line; counts those that change value")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)");
  addCodeOption(cmd, "a code directory: note removed flags that code still references (repeatable)");
  addStoreOptions(cmd).action(cli.action((from: string | undefined, to: string | undefined, opts: DiffOptions) => diff(cli.io, from, to, opts)));
};

export async function diff(io: CliIO, from: string | undefined, to: string | undefined, opts: DiffOptions): Promise<number> {
  const root = findRepoRoot(resolve(io.cwd, opts.cwd ?? "."));
  const report = await runDiff({
    root,
    a: from,
    b: to,
    base: opts.base,
    openStore: (projectStore) => openStoreFromOptions(opts, { cwd: io.cwd, env: io.env, projectStore, projectDir: root }),
    sample: opts.sample === undefined ? undefined : resolve(io.cwd, opts.sample),
    allowBreaking: Boolean(opts.allowBreaking),
    now: Date.now(),
  });
  if (opts.code.length > 0) report.stillReferenced = await stillReferenced(report, codeDirs(opts.code, io.cwd), root);
  io.stdout(render("diff", opts.format, report, io.color));
  if (report.breaking.found.length > 0 && !report.breaking.allowed) return ExitCode.FINDINGS;
  return opts.exitCode && hasDifferences(report) ? ExitCode.FINDINGS : ExitCode.OK;
}

/** Flags the new side removes, with the code that still names them (a release without them would break it). */
async function stillReferenced(report: DiffReport, dirs: CodeDir[], root: string): Promise<StillReferenced[]> {
  const removed = [...new Set(report.envs.flatMap((e) => e.flags.filter((f) => f.status === "removed").map((f) => f.key)))].sort();
  if (removed.length === 0) return [];
  const { refs: settings } = loadProject(root).project;
  const refs = await findRefs({ keys: removed, codeDirs: dirs, configRoot: root, aliases: settings.aliases, maxFileSize: settings.maxFileSize });
  return removed
    .filter((key) => refs.flags[key].length > 0)
    .map((key) => ({ key, count: refs.flags[key].length, where: refs.flags[key].slice(0, 3).map((r) => `${r.file}:${r.line}`) }));
}
