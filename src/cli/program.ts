import { readFileSync } from "node:fs";
import { Command } from "commander";
import { ExitCode } from "../errors.js";
import type { Cli } from "./command.js";
import { commands } from "./commands/index.js";
import type { CliIO } from "./io.js";

export interface Program {
  program: Command;
  /** The exit code the last action returned (0 before any ran). */
  exitCode(): number;
}

/**
 * The commander program, without parsing or running anything: `main` runs it, and tests inspect it
 * (test/workflows.test.ts checks the workflows' invocations against it). Given the arguments, it registers
 * only the command they name (none for a bare `--version`), so a run imports that command's code and no
 * other's; without them, or when they name no known command (help, a typo to suggest a fix for), all.
 */
export async function buildProgram(io: CliIO, argv?: readonly string[]): Promise<Program> {
  let code: number = ExitCode.OK;
  const cli: Cli = {
    io,
    action:
      (fn) =>
      async (...args) => {
        code = await fn(...args);
      },
  };
  const program = new Command("flagctl")
    .description("GitOps feature flags: validate, test, build, publish and roll out flag releases")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors read like every other flagctl error: `flagctl: message`, then a hint.
      outputError: (text, write) => {
        const message = text.replace(/^error: /, "").trimEnd().replace(/\n\(Did you mean (.*)\?\)$/, " (did you mean $1?)");
        const cmd = commandName(argv);
        write(`flagctl: ${message}\n  hint: flagctl ${cmd ? `${cmd} --help lists its options` : "--help lists the commands"}\n`);
      },
    })
    .showSuggestionAfterError(true);
  const registers = await Promise.all(commandsFor(argv).map((name) => commands[name]()));
  for (const register of registers) register(program, cli);
  return { program, exitCode: () => code };
}

function commandsFor(argv: readonly string[] | undefined): string[] {
  const all = Object.keys(commands);
  if (argv === undefined) return all;
  // The program has no options of its own besides --version and --help, so the first word is the command.
  const first = argv.find((a) => !a.startsWith("-"));
  if (first !== undefined) return Object.hasOwn(commands, first) ? [first] : all;
  return argv.includes("-V") || argv.includes("--version") ? [] : all;
}

/** From dist/cli/program.js (tsc's layout) or dist/cli.cjs (the bundled CLI), the package's own package.json. */
function packageVersion(): string {
  for (const rel of ["../../package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version: string };
      if (pkg.name === "flagctl") return pkg.version;
    } catch {
      // not this layout
    }
  }
  return "unknown";
}

/** "validate" for `flagctl validate --bogus`, "" when no known command was named. */
function commandName(argv: readonly string[] | undefined): string {
  const first = argv?.find((a) => !a.startsWith("-"));
  return first && Object.hasOwn(commands, first) ? first : "";
}
