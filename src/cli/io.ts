// What a command may touch of the process: injected so commands are testable in-process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colour only on a TTY, and never with NO_COLOR set. */
  color: boolean;
  isTTY: boolean;
}

export function processIO(): CliIO {
  const isTTY = Boolean(process.stdout.isTTY);
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    color: isTTY && !noColor && process.env.FORCE_COLOR !== "0",
    isTTY,
  };
}
