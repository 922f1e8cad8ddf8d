// The executable: `flagctl` (via bin/flagctl.js) and `node dist/bin.js`. The one place the process is ended;
// commands return exit codes.

// The AWS SDK warns on every S3 call under Node 20, which flagctl supports; keep stderr for our messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// A reader that closes the pipe early (`| head`) is not an error of ours: stop writing, keep the exit code.
for (const s of [process.stdout, process.stderr]) s.on("error", () => undefined);
const { main } = await import("./cli/main.js");
const { flushed } = await import("./cli/io.js");

const code = await main(process.argv.slice(2));
// Exiting with writes still queued for a pipe cuts the output: wait until both streams have drained.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
