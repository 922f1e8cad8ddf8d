#!/usr/bin/env node
// The one place flagctl ends the process: commands return exit codes.
// The AWS SDK warns on every S3 call under Node 20, which flagctl supports; keep stderr for our messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import("../dist/cli/main.js");

const code = await main(process.argv.slice(2));
process.exit(code);
