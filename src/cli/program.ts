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
 * The whole commander program with every registered command, without parsing or running anything:
 * `main` runs it, and tests inspect it (test/workflows.test.ts checks the workflows' invocations against it).
 */
export function buildProgram(io: CliIO): Program {
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
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);
  for (const register of commands) register(program, cli);
  return { program, exitCode: () => code };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
