// The executable: `flagctl` (bin/flagctl.js runs this bundled as dist/bin.cjs; `node dist/bin.js` runs tsc's
// copy). The one place the process is ended; commands return exit codes.
//
// It runs the CLI bundled into one file (dist/cli.cjs, scripts/bundle-cli.mjs) with the V8 code cache the build
// wrote for it (dist/cli.cjs.cache): compiling the bundle, and each function on its first call, is a good part
// of a small command's time. A cache from another Node version is rejected by V8 and the bundle is compiled
// as usual. CommonJS because Node 20 can code-cache only scripts, not ES modules, and because an ES module entry
// point costs a few ms more to start.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { startupTiering } from "./cli/tiering.js";

startupTiering();

const bundle = fileURLToPath(new URL("./cli.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;
const bundleBytes = readFileSync(bundle);
// V8 checks a cache only against the source's length and its own version and flags, and runs a damaged one
// (a crash, or wrong code): the file starts with a sha256 of the bundle and the cache, and is used only if it
// matches (~2 ms).
const seal = (data: Buffer): Buffer => createHash("sha256").update(bundleBytes).update(data).digest();
let cachedData: Buffer | undefined;
let unsealed = false;
try {
  const file = readFileSync(cacheFile);
  if (file.length > 32 && seal(file.subarray(32)).equals(file.subarray(0, 32))) cachedData = file.subarray(32);
  else unsealed = true;
} catch {
  // no cache (yet): compile from source
}
// The build checks the bundle is ASCII, so latin1 decodes it exactly, faster than UTF-8, to a one-byte string.
const source = `(function (exports, require, module, __filename, __dirname) {${bundleBytes.toString("latin1")}\n})`;
const script = new Script(source, { filename: bundle, cachedData });
const cli = { exports: {} as { run(argv: string[]): Promise<number> } };
(script.runInThisContext() as (...args: unknown[]) => void)(cli.exports, createRequire(bundle), cli, bundle, dirname(bundle));

// A run that never settles (its work gone from the event loop: a bug) must not end as a success: the exit code an
// unsettled top-level await gets. process.exit(code) below replaces it.
process.exitCode = 13;
process.once("beforeExit", () => process.stderr.write("flagctl: internal error: the command stopped before it finished\n"));
void cli.exports.run(process.argv.slice(2)).then((code) => {
  // The build's cache step (scripts/code-cache.mjs) runs commands with this set, each adding what it compiled,
  // and fails if V8 refused the cache the previous command wrote.
  if (process.env.FLAGCTL_WRITE_CODE_CACHE === "1") {
    if (unsealed || script.cachedDataRejected) process.stderr.write("flagctl: V8 rejected dist/cli.cjs.cache\n");
    const data = script.createCachedData();
    writeFileSync(cacheFile, Buffer.concat([seal(data), data]));
  }
  process.exit(code);
});
