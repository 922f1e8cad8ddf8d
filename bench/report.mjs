// `flagctl report` on a generated 10,000-flag config repo with git history (a base commit and 5 commits that
// each change 1% of the flags) and a store holding a release history for prod. Prints the report's generation
// time and page weight (all files, index.html, the average flag page), and, as the same-run baseline,
// `flagctl validate` on the same repo (which reads and checks every file too): absolute times lie on a loaded box.
// Run after `npm run build` (npm run bench:report does both).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { openStore } from "../dist/store/openStore.js";
import { writePointer } from "../dist/store/pointer.js";

const FLAGS = Number(process.env.BENCH_FLAGS ?? 10_000);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const AREAS = ["checkout", "search", "home", "api", "payments", "growth", "platform", "mobile", "ads", "account"];
const BIN = new URL("../bin/flagctl.js", import.meta.url).pathname;

const root = mkdtempSync(join(tmpdir(), "flagctl-bench-report-"));
const storeDir = mkdtempSync(join(tmpdir(), "flagctl-bench-report-store-"));
const outBase = mkdtempSync(join(tmpdir(), "flagctl-bench-report-out-"));
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x", GIT_CONFIG_NOSYSTEM: "1" };
const git = (...args) => execFileSync("git", args, { cwd: root, env: gitEnv, encoding: "utf8" });
const write = (path, text) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};
const flagctl = (...args) => {
  const t = performance.now();
  execFileSync(process.execPath, [BIN, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1", FLAGCTL_ACTOR: "bench" }, stdio: ["ignore", "pipe", "pipe"] });
  return performance.now() - t;
};
const sizeOf = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? sizeOf(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);

try {
  git("init", "-q", "-b", "main");
  git("config", "gc.auto", "0");
  write("flagctl.yaml", `project: bench\nenvironments: [dev, qa, staging, dogfood, prod]\npipeline: [staging, dogfood, prod]\ncontext:\n  user: string\n  team: string\n  country: string\n  plan: { enum: [free, pro, enterprise] }\n`);
  for (let i = 0; i < FLAGS; i++) write(`flags/${AREAS[i % AREAS.length]}/flag-${i}.yaml`, flagText(i, 25));
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  for (let c = 1; c <= COMMITS; c++) {
    for (let k = 0; k < FLAGS / 100; k++) {
      const i = (k * 100 + c * 7) % FLAGS;
      write(`flags/${AREAS[i % AREAS.length]}/flag-${i}.yaml`, flagText(i, 25 + c * 5));
    }
    git("add", "-A");
    git("commit", "-q", "-m", `raise rollouts, round ${c}`);
  }
  // A prod history: 20 releases, each promoted and stepped to stable.
  const store = openStore(pathToFileURL(storeDir).href, { cwd: root, env: process.env });
  let read = null;
  const move = async (state, reason) => {
    const p = await writePointer(store, "prod", read, { ...state, updatedAt: new Date().toISOString(), by: "bench", reason });
    read = { seq: p.seq, etag: (await store.get("envs/prod/pointer.json")).etag };
  };
  let stable = null;
  for (let r = 0; r < 20; r++) {
    const v = `v20261101.${String(r).padStart(6, "0")}-abcdef0`;
    for (const pct of [1, 10, 50]) await move({ stable, candidate: v, percent: pct }, `step ${pct}`);
    await move({ stable: v, candidate: null, percent: 0 }, "stable");
    stable = v;
  }

  if (process.env.BENCH_SETUP_ONLY === "1") {
    console.log(`repo ${root}\nstore ${storeDir}`);
    process.exit(0);
  }
  const report = [];
  const validate = [];
  for (let round = 0; round < ROUNDS; round++) {
    validate.push(flagctl("validate", "--format", "json"));
    const out = join(outBase, `r${round}`);
    report.push(flagctl("report", "--out", out, "--store", pathToFileURL(storeDir).href, "--history", "50"));
  }
  const out = join(outBase, "r0");
  const flagPages = readdirSync(join(out, "flags"));
  const flagBytes = sizeOf(join(out, "flags"));
  const best = (xs) => Math.min(...xs);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`flagctl report, ${FLAGS} flags × 5 environments, ${COMMITS + 1} commits of history, 80 prod pointer states (best of ${ROUNDS})`);
  console.log(`  report:              ${s(best(report))}`);
  console.log(`  validate (baseline): ${s(best(validate))}`);
  console.log(`  ratio report/validate: ${(best(report) / best(validate)).toFixed(2)}`);
  console.log(`  output: ${flagPages.length + 5} files, ${(sizeOf(out) / 1e6).toFixed(1)} MB in all`);
  console.log(`  index.html: ${(statSync(join(out, "index.html")).size / 1e6).toFixed(2)} MB; a flag page: ${(flagBytes / flagPages.length / 1e3).toFixed(1)} kB on average; envs/prod.html: ${(statSync(join(out, "envs/prod.html")).size / 1e3).toFixed(1)} kB`);
} finally {
  if (process.env.BENCH_KEEP === "1") console.log(`  kept: repo ${root}, store ${storeDir}, output ${outBase}`);
  else for (const d of [root, storeDir, outBase]) rmSync(d, { recursive: true, force: true });
}

function flagText(i, pct) {
  return `description: Generated flag ${i}
owner: "@acme/team-${i % 17}"
kind: ${i % 5 === 0 ? "ops" : "release"}
expires: 2099-01-01
type: boolean
default: false
environments:
  dev: true
  qa: ${i % 3 === 0}
  staging:
    rules:
      - if: { plan: enterprise }
        serve: true
    serve: false
  prod:
    rules:
      - if: { team: { in: [T024BE7LD, T0ABCDEF1] } }
        serve: true
      - if: { country: { in: [CN, RU] } }
        serve: false
    serve: { rollout: { true: ${pct}, false: ${100 - pct} }, by: user }
`;
}
