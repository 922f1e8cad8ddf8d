// What the executable runs (src/bin.ts, through the bundle dist/cli.cjs): one command, then waits until its
// output has drained, and returns the exit code.
import { flushed } from "./io.js";
import { main } from "./main.js";

export async function run(argv: string[]): Promise<number> {
  // The AWS SDK warns on every S3 call under Node 20, which flagctl supports; keep stderr for our messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // A reader that closes the pipe early (`| head`) is not an error of ours: stop writing, keep the exit code.
  for (const s of [process.stdout, process.stderr]) s.on("error", () => undefined);
  const code = await main(argv);
  // Exiting with writes still queued for a pipe cuts the output: wait until both streams have drained.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  return code;
}
