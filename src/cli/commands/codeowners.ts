import { Option } from "commander";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CODEOWNERS_PATH, CodeownersMarkerProblem, codeownersLines, planCodeowners, summarise, unloadedFlagFiles } from "../../core/codeowners.js";
import { checkRepo, projectFileBroken } from "../../core/checkRepo.js";
import { classifyPaths } from "../../core/repo/classify.js";
import { ExitCode, ProjectError, RefusedError } from "../../errors.js";
import { readCodeownersFile } from "../../repo/codeownersFile.js";
import { readRepo } from "../../repo/readRepo.js";
import { schemaValidator } from "../../schemas.js";
import type { RegisterCommand } from "../command.js";
import type { CliIO } from "../io.js";

interface CodeownersOptions {
  check?: boolean;
  cwd?: string;
  format: "text" | "json" | "github";
}

export const registerCodeowners: RegisterCommand = (program, cli) => {
  program
    .command("codeowners")
    .description("write .github/CODEOWNERS from each flag's owner, so a team's flags need that team's review")
    .option("--check", "write nothing; exit 1 when .github/CODEOWNERS is out of date")
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .action(cli.action((opts: CodeownersOptions) => codeowners(cli.io, opts)));
};

export async function codeowners(io: CliIO, opts: CodeownersOptions): Promise<number> {
  const { root, files } = readRepo(resolve(io.cwd, opts.cwd ?? "."));
  const { repo, diagnostics } = checkRepo(files, { today: new Date().toISOString().slice(0, 10), validator: schemaValidator() });
  if (!repo || projectFileBroken(diagnostics)) {
    const first = diagnostics.find((d) => d.severity === "error");
    throw new ProjectError(`flagctl.yaml is invalid${first ? `: ${first.file}:${first.line}:${first.column} ${first.message}` : ""}`, "run `flagctl validate` and fix it first");
  }
  const unloaded = unloadedFlagFiles(
    classifyPaths(files.map((f) => f.path)).flags.map((f) => f.path),
    repo,
  );
  if (unloaded.length > 0) {
    const first = diagnostics.find((d) => d.severity === "error" && d.file === unloaded[0]);
    const where = first ? ` (${first.file}:${first.line}:${first.column} ${first.message})` : "";
    throw new RefusedError(
      "E_INVALID_CONFIG",
      `${unloaded.length} flag file${unloaded.length === 1 ? "" : "s"} did not load, so their owners would be dropped: ${unloaded.slice(0, 3).join(", ")}${unloaded.length > 3 ? ", …" : ""}${where}`,
      "run `flagctl validate` and fix them first",
    );
  }
  const co = await readCodeownersFile(root);
  const file = co.path;
  const shown = co.prefix === "" ? CODEOWNERS_PATH : file;
  const existing = co.text;

  const plan = planCodeowners(repo, existing, { prefix: co.prefix });
  if (plan instanceof CodeownersMarkerProblem) {
    throw new RefusedError("E_CODEOWNERS_MARKERS", `${shown}:${plan.line}: ${plan.message}`, "fix the markers by hand: flagctl will not rewrite a file it cannot split safely");
  }
  const owned = codeownersLines(repo, { prefix: co.prefix }).length;

  if (opts.check) {
    if (opts.format === "json") {
      io.stdout(JSON.stringify({ file: shown, upToDate: !plan.changed, added: plan.added, removed: plan.removed }, null, 2) + "\n");
    } else if (!plan.changed) {
      io.stdout(`${shown} is up to date (${owned} flag file${owned === 1 ? "" : "s"} owned)\n`);
    } else {
      const what = existing === undefined ? "does not exist" : `is out of date: ${summarise(plan)}`;
      if (opts.format === "github") {
        // A workflow annotation (file paths are relative to the git root, as CODEOWNERS is), then the text.
        io.stdout(`::error file=${escapeProperty(CODEOWNERS_PATH)},line=${existing === undefined ? 1 : plan.blockLine},title=OWN001::${escapeData(`${CODEOWNERS_PATH} ${what}; run flagctl codeowners`)}\n`);
      }
      io.stdout(
        [`${shown} ${what}`, ...plan.added.map((l) => `  + ${l}`), ...plan.removed.map((l) => `  - ${l}`), "run `flagctl codeowners` and commit the file"].join("\n") + "\n",
      );
    }
    return plan.changed ? ExitCode.FINDINGS : ExitCode.OK;
  }

  if (plan.changed) writeAtomic(file, plan.text);
  if (opts.format === "json") {
    io.stdout(JSON.stringify({ file: shown, written: plan.changed, added: plan.added, removed: plan.removed }, null, 2) + "\n");
  } else {
    io.stdout(plan.changed ? `wrote ${shown}: ${owned} flag file${owned === 1 ? "" : "s"} owned (${summarise(plan)})\n` : `${shown} is already up to date\n`);
  }
  return ExitCode.OK;
}

// GitHub workflow command escaping.
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** Temp file + rename in the same directory: a reader sees the old file or the new one, never half of one. */
function writeAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${process.pid}.${Date.now()}.CODEOWNERS.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new RefusedError("E_CODEOWNERS_WRITE", `cannot write ${file}: ${(err as Error).message}`, "check the directory's permissions");
  }
}
