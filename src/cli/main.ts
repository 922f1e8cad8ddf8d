import { CommanderError } from "commander";
import { ExitCode, FlagctlError } from "../errors.js";
import { processIO, type CliIO } from "./io.js";
import { terminalSafe } from "./reporters/escape.js";
import { buildProgram } from "./program.js";

/** Runs one flagctl invocation and returns its exit code; never exits the process itself. */
export async function main(argv: string[], rawIO: CliIO = processIO()): Promise<number> {
  const io: CliIO = { ...rawIO, stdout: (t) => rawIO.stdout(terminalSafe(t)), stderr: (t) => rawIO.stderr(terminalSafe(t)) };
  const { program, exitCode } = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode();
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
