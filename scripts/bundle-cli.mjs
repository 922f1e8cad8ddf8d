// Build step (after tsc): bundles the CLI into one file, dist/cli.cjs, which the executable (src/bin.ts, bundled
// as dist/bin.cjs) runs, and the check worker into dist/checkWorker.js, which the bundled code starts. Resolving
// and loading ~200 separate modules cost more than all of `flagctl --version`'s own work; one file loads in a few
// ms, and a command's modules are still evaluated only when it runs (esbuild keeps `await import()` lazy).
// CommonJS so that the executable can give V8 a code cache for it (scripts/code-cache.mjs writes one). The rest of
// dist/ (the library, dist/index.js) stays tsc's output. The AWS SDK stays external: it is large and loaded only
// for an s3:// store.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const common = { bundle: true, platform: "node", target: "node20", external: ["@aws-sdk/*"], logLevel: "warning" };
const commonJs = {
  ...common,
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  define: { "import.meta.url": "__flagctlModuleUrl" },
  banner: { js: 'const __flagctlModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

// commander loads node:child_process (and with it net and dgram) for executable subcommands, which flagctl has
// none of: ~4 ms of every command. It is loaded on the first spawn instead.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const text = readFileSync(args.path, "utf8");
      if (!text.includes(eager)) throw new Error(`${args.path}: no "${eager}" to make lazy (commander changed?)`);
      const used = new Set(text.match(/childProcess\.\w+/g));
      if ([...used].some((u) => u !== "childProcess.spawn")) throw new Error(`${args.path} uses ${[...used].join(", ")}: the lazy stand-in has only spawn`);
      return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: "js" };
    });
  },
};

// The build-time schema validators (dist/schemas.standalone.cjs, scripts/compile-schemas.mjs) go into the bundle,
// and so into its code cache, instead of being compiled from their own file on every run (~5 ms).
const bundledSchemaCode = {
  name: "bundled-schema-code",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]schemas\.ts$/ }, (args) => {
      const dynamic = "createRequire(import.meta.url)(`./${STANDALONE_FILE}`)";
      const text = readFileSync(args.path, "utf8");
      if (!text.includes(dynamic)) throw new Error(`${args.path}: no "${dynamic}" to bundle`);
      return { contents: text.replace(dynamic, `require(${JSON.stringify(fileURLToPath(new URL("../dist/schemas.standalone.cjs", import.meta.url)))})`), loader: "ts" };
    });
  },
};

rmSync("dist/cli.cjs.cache", { force: true }); // made for the previous bundle
await build({
  ...commonJs,
  entryPoints: { cli: "src/cli/run.ts" },
  // import() of the external AWS SDK becomes require(): a vm.Script run from a code cache has no loader for import().
  supported: { "dynamic-import": false },
  plugins: [lazyChildProcess, bundledSchemaCode],
});
// The executable (src/bin.ts) decodes the bundle as latin1, which is exact only for ASCII (esbuild escapes strings, not regexes).
const nonAscii = readFileSync("dist/cli.cjs", "latin1").search(/[^\x00-\x7f]/);
if (nonAscii >= 0) {
  const around = readFileSync("dist/cli.cjs", "latin1").slice(Math.max(0, nonAscii - 60), nonAscii + 20);
  throw new Error(
    `dist/cli.cjs is not ASCII at offset ${nonAscii}, in: ${JSON.stringify(around)}\n` +
      "escape the character in our source (\\uXXXX); a dependency's license comment can go with legalComments: \"external\"",
  );
}
// The executable, which bin/flagctl.js requires: an ES module entry point (tsc's dist/bin.js) starts a few ms slower.
await build({ ...commonJs, entryPoints: { bin: "src/bin.ts" } });
await build({
  ...common,
  entryPoints: { checkWorker: "src/repo/checkWorker.ts" },
  outdir: "dist",
  format: "esm",
  // Bundled CommonJS dependencies call require() for node: built-ins; ESM has none, so provide one.
  banner: { js: 'import { createRequire as __flagctlRequire } from "node:module"; const require = __flagctlRequire(import.meta.url);' },
});
