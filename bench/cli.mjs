// CLI wall-time benchmark (issue 13): each command on this repo's example config (28 flags) and a file://
// store, as a ratio to a bare `node -e 0` start measured in the same rounds. Commands run interleaved, round
// after round, so load on the machine hits every command alike; medians are reported.
//
//   npm run bench:cli                      (builds dist/ first)
//   BENCH_ROUNDS=15 node bench/cli.mjs     more rounds on a noisy machine
//   BENCH_BINS=bin/flagctl.js,/tmp/old/bin/flagctl.js node bench/cli.mjs   compare builds side by side
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = resolve(import.meta.dirname, "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BINS = (process.env.BENCH_BINS ?? "bin/flagctl.js").split(",").map((b) => resolve(ROOT, b));
const WORK = mkdtempSync(join(tmpdir(), "flagctl-bench-cli-"));
const STORE = `file://${WORK}/store`;
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1", FLAGCTL_VERIFY_KEY: `${WORK}/k.pub` };

function run(bin, args, { check = true } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, bin === null ? args : [bin, ...args], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (check && r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { ms, stdout: r.stdout, status: r.status };
}

// ---------------------------------------------------------------- a store with one release, promoted to dev and qa
const setupBin = BINS[0];
run(setupBin, ["keygen", "--out", `${WORK}/k`]);
const built = run(setupBin, ["build", "--offline", "--sign-key", `${WORK}/k.key`, "--store", STORE, "--out", `${WORK}/build`]).stdout.trim().split("\n").at(-1);
const version = JSON.parse(readFileSync(join(built, "manifest.json"), "utf8")).version;
run(setupBin, ["publish", built, "--store", STORE, ...(version.endsWith("-dirty") ? ["--allow-dirty"] : [])]);
for (const e of ["dev", "qa"]) run(setupBin, ["promote", version, e, "--store", STORE]);

// exit status 1 (findings) is fine for a benchmark; anything else is a broken command
const commands = [
  ["--version"],
  ["--help"],
  ["validate"],
  ["test", "--offline"],
  ["eval", "checkout.new-flow", "--env", "prod", "--ctx", "user=U024BE7LD", "--ctx", "team=T0001"],
  ["eval", "--all", "--env", "prod", "--ctx", "user=U024BE7LD", "--format", "json"],
  ["diff", "qa", "prod"],
  ["codeowners", "--check"],
  ["status", "--store", STORE],
  ["log", "qa", "--store", STORE],
  ["build", "--offline", "--out", `${WORK}/bench-build`],
];

const label = (args) => args.map((a) => a.replace(WORK, "$TMP")).join(" ");
const samples = new Map(); // "bin\0cmd" -> ms[]
const add = (k, ms) => samples.set(k, [...(samples.get(k) ?? []), ms]);
const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS + 1; r++) {
  const t = run(null, ["-e", "0"]).ms;
  if (r > 0) add("node", t); // round 0 warms the file cache
  for (const bin of BINS) {
    for (const args of commands) {
      const x = run(bin, args, { check: false });
      if (x.status !== 0 && x.status !== 1) throw new Error(`flagctl ${label(args)} exited ${x.status}`);
      if (r > 0) add(`${bin}\0${label(args)}`, x.ms);
      rmSync(`${WORK}/bench-build`, { recursive: true, force: true });
    }
  }
}
rmSync(WORK, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples.get("node"));
const rel = (b) => b.replace(ROOT + "/", "");
console.log(`flagctl CLI benchmark: ${ROUNDS} rounds, median wall time / median \`node -e 0\` (${base.toFixed(0)} ms) in the same rounds`);
console.log(`node ${process.version}, ${cpus().length} cores, load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
console.log("");
const w = Math.max(...commands.map((c) => label(c).length));
console.log(`${"command".padEnd(w)}   ${BINS.map((b) => `${rel(b)} (ratio, ms)`.padStart(28)).join("   ")}`);
for (const args of commands) {
  const cells = BINS.map((b) => {
    const m = median(samples.get(`${b}\0${label(args)}`));
    return `${(m / base).toFixed(1).padStart(6)}x ${m.toFixed(0).padStart(6)} ms`.padStart(28);
  });
  console.log(`${label(args).padEnd(w)}   ${cells.join("   ")}`);
}
