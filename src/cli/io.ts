// What a command may touch of the process: injected so commands are testable in-process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Resolves once stdout can take more without buffering without bound. A command that writes a lot awaits it
   * between chunks (back-pressure); absent where output is captured in memory.
   */
  drain?(): Promise<void>;
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
    stdout: (t) => void (writable(process.stdout) && process.stdout.write(t)),
    stderr: (t) => void (writable(process.stderr) && process.stderr.write(t)),
    drain: () => drained(process.stdout),
    env: process.env,
    cwd: process.cwd(),
    color: isTTY && !noColor && process.env.FORCE_COLOR !== "0",
    isTTY,
  };
}

// A reader that went away (`| head`) closes the pipe: stop writing instead of failing on EPIPE.
const writable = (s: NodeJS.WriteStream) => !s.destroyed && !s.writableEnded;

/** Resolves when the stream's buffer is below its high-water mark (or the reader has gone). */
export function drained(s: NodeJS.WriteStream): Promise<void> {
  if (!writable(s) || !s.writableNeedDrain) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      s.off("drain", finish).off("close", finish).off("error", finish);
      done();
    };
    s.on("drain", finish).on("close", finish).on("error", finish);
  });
}

/** Resolves when every byte written so far has been handed to the OS (or the reader has gone). */
export function flushed(s: NodeJS.WriteStream): Promise<void> {
  // Nothing queued: done (an empty write would still reach the device, and fail on a full one).
  if (!writable(s) || s.writableLength === 0) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      s.off("close", finish).off("error", finish);
      done();
    };
    s.on("close", finish).on("error", finish);
    // Writes complete in order: this callback runs after every earlier write has.
    s.write("", finish);
  });
}
