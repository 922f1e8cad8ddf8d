// The executable: `flagctl` (via bin/flagctl.js) and `node dist/bin.js`. The one place the process is ended;
// commands return exit codes.

// The AWS SDK warns on every S3 call under Node 20, which flagctl supports; keep stderr for our messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import("./cli/main.js");

process.exit(await main(process.argv.slice(2)));
