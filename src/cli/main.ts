import { Command, CommanderError } from "commander";
import { ExitCode, FlagctlError } from "../errors.js";
import type { Cli } from "./command.js";
import { commands } from "./commands/index.js";
import { processIO, type CliIO } from "./io.js";

/** Runs one flagctl invocation and returns its exit code; never exits the process itself. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
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
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);
  for (const register of commands) register(program, cli);

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIO): number {
  if (err instanceof CommanderError) {
    // Commander already printed the message; help and version are not failures.
    return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (err instanceof FlagctlError) {
    io.stderr(`flagctl: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ""}\n`);
    return err.exitCode;
  }
  // Not a user error: a bug. Show everything so it can be reported.
  io.stderr(`flagctl: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}
