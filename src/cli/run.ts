// What the executable runs (src/bin.ts, through the bundle dist/cli.cjs): one command, then waits until its
// output has drained, and returns the exit code.
import { flushed } from "./io.js";
import { main } from "./main.js";

/** Exit code when writing the output failed (sysexits' EX_IOERR), as 70 is an internal error (EX_SOFTWARE). */
export const OUTPUT_LOST = 74;

export async function run(argv: string[]): Promise<number> {
  // The AWS SDK warns on every S3 call under Node 20, which flagctl supports; keep stderr for our messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // A reader that closes the pipe early (`| head`) is not an error of ours: stop writing, keep the exit code.
  // Any other failed write (a full disk, an I/O error) lost output: that must not end as a success.
  let lost: NodeJS.ErrnoException | undefined;
  for (const s of [process.stdout, process.stderr]) s.on("error", (e: NodeJS.ErrnoException) => void (e.code === "EPIPE" || (lost ??= e)));
  const code = await main(argv);
  // Exiting with writes still queued for a pipe cuts the output: wait until both streams have drained.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  await new Promise(setImmediate); // a file's failed write reports its error on a later tick
  if (!lost) return code;
  process.stderr.write(`flagctl: output was lost: ${lost.message}\n  hint: check the disk or device the output goes to\n`);
  await flushed(process.stderr);
  return OUTPUT_LOST;
}
