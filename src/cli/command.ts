import type { Command } from "commander";
import type { CliIO } from "./io.js";

/** Every command file exports one of these; src/cli/commands/index.ts lists them. */
export type RegisterCommand = (program: Command, cli: Cli) => void;

/** Command name -> a loader of its module's RegisterCommand: only the command being run is imported. */
export type LazyCommands = Readonly<Record<string, () => Promise<RegisterCommand>>>;

export interface Cli {
  io: CliIO;
  /** Wraps a command action: the returned number becomes the process exit code. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number> | number): (...args: A) => Promise<void>;
}
