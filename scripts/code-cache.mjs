// Build step (after bundle-cli.mjs): writes dist/cli.cjs.cache, the V8 code cache the executable (src/bin.ts)
// hands to V8 with the bundle. Each command below runs with FLAGCTL_WRITE_CODE_CACHE=1 on this repo's example
// config and adds the functions it compiled, so the cache holds what real runs of the common commands call. The
// cache is only an accelerator: a stale, damaged or foreign one is refused (by the executable's seal, or by V8)
// and costs nothing but the compile it would have saved.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WORK = mkdtempSync(join(tmpdir(), "flagctl-code-cache-"));
const STORE = `file://${WORK}/store`;
const env = { ...process.env, NO_COLOR: "1", FLAGCTL_WRITE_CODE_CACHE: "1" };
const flagctl = (...args) => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/flagctl.js"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`flagctl ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  if (r.stderr.includes("rejected dist/cli.cjs.cache")) throw new Error(`flagctl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};
try {
  flagctl("--help");
  flagctl("validate");
  flagctl("test", "--offline");
  flagctl("eval", "checkout.new-flow", "--env", "prod", "--ctx", "user=U1", "--ctx", "team=T1");
  flagctl("eval", "--all", "--env", "prod", "--ctx", "user=U1", "--format", "json");
  flagctl("diff", "qa", "prod");
  flagctl("codeowners", "--check");
  // The release commands need a git checkout (build stamps the commit): from a source tarball, skip them.
  if (spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: ROOT }).status === 0) {
    flagctl("keygen", "--out", `${WORK}/k`);
    const built = flagctl("build", "--offline", "--sign-key", `${WORK}/k.key`, "--out", `${WORK}/build`).trim().split("\n").at(-1);
    const { version } = JSON.parse(readFileSync(join(built, "manifest.json"), "utf8"));
    flagctl("publish", built, "--store", STORE, ...(version.endsWith("-dirty") ? ["--allow-dirty"] : []));
    flagctl("promote", version, "qa", "--store", STORE);
    flagctl("status", "--store", STORE);
    flagctl("log", "qa", "--store", STORE);
  } else console.log("not a git checkout: the code cache leaves out build, publish, promote, status and log");
  console.log(`dist/cli.cjs.cache: ${(statSync(join(ROOT, "dist/cli.cjs.cache")).size / 1024).toFixed(0)} KiB`);
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
