// Diffs two versions of a generated 10,000-flag repo (1% of flags changed: rollouts raised, rules added,
// owners changed): HEAD~1 read from git, the working tree from disk. Prints the whole `flagctl diff` (target
// < 2 s), the time to load both sides (read both; parse and compile the flags that differ and their
// prerequisites), the diff itself, and their ratio; and, measured in the same run as the baseline, the same diff
// loading both sides whole (every file parsed, as before the shortcut), whose report must be identical.
// Run after `npm run build` (npm run bench:diff does both).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { diffEnv } from "../dist/core/diff/index.js";
import { RepoLoader } from "../dist/app/diff/loadRepoModels.js";
import { runDiff } from "../dist/app/diff.js";
import { canonicalJson, compileRepo } from "../dist/core/compile/index.js";
import { assembleRelease } from "../dist/release/build.js";
import { openStore } from "../dist/store/openStore.js";
import { openStoreFromOptions } from "../dist/cli/storeOptions.js";
import { writePointer } from "../dist/store/pointer.js";
import { putRelease } from "../dist/store/putRelease.js";
import { readTreeAt } from "../dist/git/readTreeAt.js";
import { readRepoFiles } from "../dist/repo/readRepo.js";
import { parse } from "yaml";

const FLAGS = Number(process.env.BENCH_FLAGS ?? 10_000);
const CHANGED = Math.max(1, Math.round(FLAGS / 100));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AREAS = ["checkout", "search", "home", "api", "payments", "growth", "platform", "mobile", "ads", "account"];

const root = mkdtempSync(join(tmpdir(), "flagctl-bench-diff-"));
const git = (...args) =>
  execFileSync("git", args, {
    cwd: root,
    env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x", GIT_CONFIG_NOSYSTEM: "1" },
    encoding: "utf8",
  });
const write = (path, text) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};

try {
  git("init", "-q", "-b", "main");
  git("config", "gc.auto", "0");
  write("flagctl.yaml", `project: bench\nenvironments: [dev, staging, prod]\npipeline: [staging, prod]\ncontext:\n  user: string\n  team: string\n  country: string\n  plan: { enum: [free, pro, enterprise] }\n`);
  for (let i = 0; i < FLAGS; i++) write(`flags/${AREAS[i % AREAS.length]}/flag-${i}.yaml`, flagText(i, false));
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  // 1% changed, spread over the repo; committed, then the same change left in the work tree as well would be
  // no diff, so the second commit is the work tree itself (HEAD~1 → working tree, as in a PR).
  for (let k = 0; k < CHANGED; k++) {
    const i = Math.floor((k * FLAGS) / CHANGED) + 3;
    write(`flags/${AREAS[i % AREAS.length]}/flag-${i}.yaml`, flagText(i, true));
  }
  git("add", "-A");
  git("commit", "-q", "-m", "change 1%");

  const today = new Date().toISOString().slice(0, 10);
  const loads = [];
  const diffs = [];
  const totals = [];
  const wholeLoads = [];
  const wholeTotals = [];
  let changedFlags = 0;
  let loadedFlags = 0;
  const storeAt = (store) => (projectStore) => openStoreFromOptions({ store }, { cwd: root, env: {}, projectStore, projectDir: root });
  const options = { root, base: "HEAD~1", openStore: storeAt(undefined), allowBreaking: false, now: Date.now() };
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    const loader = new RepoLoader(today);
    // As runDiff does it: the work tree first, so git blobs it holds unchanged are not read again.
    const work = loader.readWorkTree(root);
    const [a, b] = await loader.pair(await loader.readRevision(root, "HEAD~1", work), work);
    loads.push(performance.now() - t0);
    loadedFlags = b.repo.flags.size;
    t0 = performance.now();
    changedFlags = 0;
    for (const env of a.repo.project.environments) {
      const d = diffEnv(env, { label: "a", model: a.models[env] }, { label: "b", model: b.models[env] }, { now: Date.now() });
      changedFlags = Math.max(changedFlags, d.flags.length);
    }
    diffs.push(performance.now() - t0);
    t0 = performance.now();
    const report = await runDiff(options);
    totals.push(performance.now() - t0);

    t0 = performance.now();
    const whole = new RepoLoader(today);
    await Promise.all([whole.atRevision(root, "HEAD~1"), whole.workTree(root)]);
    wholeLoads.push(performance.now() - t0);
    t0 = performance.now();
    const baseline = await runDiff({ ...options, loadEverything: true });
    wholeTotals.push(performance.now() - t0);
    if (JSON.stringify(report) !== JSON.stringify(baseline)) throw new Error("the shortcut's report differs from the whole load's");
  }
  // With a release deployed to prod, the breaking-change check needs every flag of the new side (docs/diff.md).
  const storeDir = mkdtempSync(join(tmpdir(), "flagctl-bench-diff-store-"));
  const storeUrl = `file://${storeDir}`;
  const store = openStore(storeUrl);
  const deployedRepo = await new RepoLoader(today).atRevision(root, "HEAD~1");
  const envs = Object.fromEntries(Object.entries(deployedRepo.models).map(([env, m]) => [env, Buffer.from(canonicalJson(m))]));
  const rel = assembleRelease({ project: "bench", git: { commit: git("rev-parse", "HEAD~1").trim(), commitTime: new Date(), dirty: false }, envs, parent: null, signKey: null });
  await putRelease(store, rel.version, rel.files.map((f) => ({ path: f.path, body: Buffer.from(f.body) })));
  await writePointer(store, "prod", null, { stable: rel.version, candidate: null, percent: 0, updatedAt: new Date().toISOString(), by: "bench", reason: "bench" });
  let t0 = performance.now();
  const withDeployed = await runDiff({ ...options, openStore: storeAt(storeUrl) });
  const deployedTotal = performance.now() - t0;
  t0 = performance.now();
  const withDeployedWhole = await runDiff({ ...options, openStore: storeAt(storeUrl), loadEverything: true });
  const deployedWholeTotal = performance.now() - t0;
  rmSync(storeDir, { recursive: true, force: true });
  if (JSON.stringify(withDeployed) !== JSON.stringify(withDeployedWhole)) throw new Error("with a deployed release, the shortcut's report differs from the whole load's");

  // Where the load goes: reading both sides, YAML-parsing one side's files alone, compiling one side.
  t0 = performance.now();
  const tree = await readTreeAt(root, "HEAD~1");
  const work = readRepoFiles(root);
  const read = performance.now() - t0;
  t0 = performance.now();
  const dec = new TextDecoder();
  for (const f of work) if (f.path.endsWith(".yaml")) parse(dec.decode(f.bytes));
  const yamlOnly = performance.now() - t0;
  const loaded = await new RepoLoader(today).workTree(root);
  t0 = performance.now();
  compileRepo(loaded.repo);
  const compileOne = performance.now() - t0;
  if (tree.files.length !== work.length) throw new Error("sides differ in file count");
  if (changedFlags !== CHANGED) throw new Error(`expected ${CHANGED} changed flags in prod, got ${changedFlags}`);
  if (loadedFlags !== CHANGED) throw new Error(`expected the shortcut to load the ${CHANGED} changed flags, it loaded ${loadedFlags}`);
  const best = (xs) => Math.min(...xs);
  const span = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
  const load = best(loads);
  const diff = best(diffs);
  const total = best(totals);
  const wholeTotal = best(wholeTotals);
  console.log(`flags: ${FLAGS}, changed: ${CHANGED} (1%), 3 environments; best of ${ROUNDS} rounds (range in brackets), in-process; ${availableParallelism()} cores`);
  console.log(`whole flagctl diff --base HEAD~1 (load + diff + breaking check, no render): ${total.toFixed(0)} ms [${span(totals)}]  (target < 2000 ms)`);
  console.log(`load both sides (read both; parse + compile the ${loadedFlags} flags that differ or are prerequisites): ${load.toFixed(0)} ms [${span(loads)}]`);
  console.log(`diff (3 environments):                                                   ${diff.toFixed(1)} ms`);
  console.log(`ratio diff / load: ${(diff / load).toFixed(4)}`);
  console.log(`baseline, same run: load both sides whole (every file parsed) ${best(wholeLoads).toFixed(0)} ms [${span(wholeLoads)}]; whole flagctl diff loading everything ${wholeTotal.toFixed(0)} ms [${span(wholeTotals)}]; same report`);
  console.log(`ratio whole diff / baseline: ${(total / wholeTotal).toFixed(3)}`);
  console.log(`with a release deployed to prod (breaking check loads the new side whole), one round: ${deployedTotal.toFixed(0)} ms; loading everything: ${deployedWholeTotal.toFixed(0)} ms; same report`);
  console.log(`  where the time goes: read both sides in full (git ls-tree/cat-file of every blob + disk) ${read.toFixed(0)} ms; yaml.parse of one side's files alone, one thread ${yamlOnly.toFixed(0)} ms; compile one side whole (3 envs) ${compileOne.toFixed(0)} ms`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

function flagText(i, changed) {
  const pct = changed ? 50 : 25;
  const extra = changed && i % 2 === 0 ? `      - name: new audience\n        if: { plan: enterprise }\n        serve: true\n` : "";
  return `description: Generated flag ${i}
owner: "@acme/team-${changed && i % 3 === 0 ? "new" : i % 17}"
kind: release
expires: 2099-01-01
type: boolean
default: false
environments:
  dev: true
  staging:
    rules:
      - if: { plan: enterprise }
        serve: true
    serve: false
  prod:
    rules:
      - if: { team: { in: [T024BE7LD, T0ABCDEF1] } }
        serve: true
${extra}      - if: { country: { in: [CN, RU] } }
        serve: false
    serve: { rollout: { true: ${pct}, false: ${100 - pct} }, by: user }
`;
}
