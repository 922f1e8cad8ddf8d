#!/usr/bin/env node
// The one place flagctl ends the process: commands return exit codes.
import { main } from "../dist/cli/main.js";

const code = await main(process.argv.slice(2));
process.exit(code);
