// Build step (after tsc): bundles the CLI into one file, dist/bin.js (and its check worker into
// dist/checkWorker.js, which the bundled code starts), replacing tsc's dist/bin.js. Resolving and loading
// ~200 separate modules cost more than all of `flagctl --version`'s own work; one file loads in a few ms, and
// a command's modules are still evaluated only when it runs (esbuild keeps `await import()` lazy).
// The rest of dist/ (the library, dist/index.js) stays tsc's output. The AWS SDK stays external: it is large
// and loaded only for an s3:// store.
import { build } from "esbuild";

await build({
  entryPoints: { bin: "src/bin.ts", checkWorker: "src/repo/checkWorker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@aws-sdk/*"],
  // Bundled CommonJS dependencies call require() for node: built-ins; ESM has none, so provide one.
  banner: { js: 'import { createRequire as __flagctlRequire } from "node:module"; const require = __flagctlRequire(import.meta.url);' },
  logLevel: "warning",
});
