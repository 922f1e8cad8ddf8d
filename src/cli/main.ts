import { CommanderError } from "commander";
import { ExitCode, FlagctlError } from "../errors.js";
import { processIO, type CliIO } from "./io.js";
import { terminalSafe } from "./reporters/escape.js";
import { buildProgram } from "./program.js";

/** Runs one flagctl invocation and returns its exit code; never exits the process itself. */
export async function main(argv: string[], rawIO: CliIO = processIO()): Promise<number> {
  const io: CliIO = { ...rawIO, stdout: (t) => rawIO.stdout(terminalSafe(t)), stderr: (t) => rawIO.stderr(terminalSafe(t)) };
  try {
    const { program, exitCode } = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: "user" });
    return exitCode();
  } catch (err) {
    return reportError(err, io, formatOf(argv));
  }
}

function reportError(err: unknown, io: CliIO, format: string | undefined): number {
  const json = (code: string, message: string, hint?: string) => {
    if (format === "json") io.stdout(`${JSON.stringify({ error: { code, message, hint: hint ?? null } }, null, 2)}\n`);
  };
  if (err instanceof CommanderError) {
    // Commander already printed the message; help and version are not failures.
    if (err.exitCode === 0) return ExitCode.OK;
    json("E_USAGE", err.message.replace(/^error: /, ""), "flagctl <command> --help lists the options");
    return ExitCode.USAGE;
  }
  const known = asUserError(err);
  if (known) {
    io.stderr(`flagctl: ${known.message}${known.hint ? `\n  hint: ${known.hint}` : ""}\n`);
    json(known.code, known.message, known.hint);
    return known.exitCode;
  }
  // Not a user error: a bug. Show everything so it can be reported.
  io.stderr(`flagctl: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  json("E_INTERNAL", err instanceof Error ? err.message : String(err), "this is a bug in flagctl; please report it with the command line");
  return 70;
}

/**
 * A failed file-system call that no command turned into a FlagctlError (a path the user named that is a file,
 * a directory, unreadable, on a read-only or special file system): still one line, not a stack.
 */
function asUserError(err: unknown): FlagctlError | null {
  if (err instanceof FlagctlError) return err;
  const e = err as NodeJS.ErrnoException | null;
  if (e instanceof Error && typeof e.code === "string" && typeof e.syscall === "string" && /^E[A-Z]+$/.test(e.code)) {
    const what = e.path ? ` ${e.path}` : "";
    return new FlagctlError(`cannot ${e.syscall}${what}: ${e.code}`, "check the path, that its parent is a directory, and its permissions", "E_IO", ExitCode.USAGE);
  }
  return null;
}

/** The --format the user asked for, read from argv itself so that errors before or during parsing honour it. */
export function formatOf(argv: readonly string[]): string | undefined {
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") break;
    if (argv[i] === "--format") format = argv[++i];
    else if (argv[i].startsWith("--format=")) format = argv[i].slice("--format=".length);
  }
  return format;
}
