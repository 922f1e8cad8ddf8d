// Build step (after tsc): bundles the CLI into one file, dist/cli.cjs, which dist/bin.js runs (and the check
// worker into dist/checkWorker.js, which the bundled code starts). Resolving and loading ~200 separate modules
// cost more than all of `flagctl --version`'s own work; one file loads in a few ms, and a command's modules are
// still evaluated only when it runs (esbuild keeps `await import()` lazy). CommonJS so that dist/bin.js can
// give V8 a code cache for it (scripts/code-cache.mjs writes one). The rest of dist/ (the library,
// dist/index.js) stays tsc's output. The AWS SDK stays external: it is large and loaded only for an s3:// store.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const common = { bundle: true, platform: "node", target: "node20", external: ["@aws-sdk/*"], logLevel: "warning" };
rmSync("dist/cli.cjs.cache", { force: true }); // made for the previous bundle
await build({
  ...common,
  entryPoints: { cli: "src/cli/run.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  // import() of the external AWS SDK becomes require(): a vm.Script run from a code cache has no loader for import().
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "__flagctlModuleUrl" },
  banner: { js: 'const __flagctlModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({
  ...common,
  entryPoints: { checkWorker: "src/repo/checkWorker.ts" },
  outdir: "dist",
  format: "esm",
  // Bundled CommonJS dependencies call require() for node: built-ins; ESM has none, so provide one.
  banner: { js: 'import { createRequire as __flagctlRequire } from "node:module"; const require = __flagctlRequire(import.meta.url);' },
});
