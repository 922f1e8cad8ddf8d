// Runs the CLI in-process with captured output.
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";

export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    env,
    cwd,
    color: false,
    isTTY: false,
  };
  return io;
}

export async function runCli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
