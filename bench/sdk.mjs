// SDK benchmark (issue 10), ratios against baselines measured in the same run:
//   1. load + verify + compile of a 1,000-flag release (signature, sha256, JSON.parse, loadEnvModel,
//      specialise) vs JSON.parse of the same env-file bytes;
//   2. a typed getter (client.boolean/string) vs Evaluator.evaluate on the same evaluator;
//   3. propagation: pointer write -> swap in a polling client (p50/p99), file:// and s3:// (s3rver).
// Run: npm run bench:sdk (builds dist/ first).
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { checkEnvFile, checkManifest } from "../dist/app/fetchRelease.js";
import { canonicalJson, compileEnv } from "../dist/core/compile/index.js";
import { specialise } from "../dist/core/eval/index.js";
import { assembleRelease } from "../dist/release/build.js";
import { createClient } from "../dist/sdk/index.js";
import { FileStore } from "../dist/store/fileStore.js";
import { readPointer, writePointer } from "../dist/store/pointer.js";
import { putRelease } from "../dist/store/putRelease.js";
import { S3Store } from "../dist/store/s3Store.js";
import { COUNTRIES, PLANS, pick, rand, TEAMS, thousandFlags } from "./lib/thousandFlags.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const PROPAGATION_RUNS = Number(process.env.BENCH_PROPAGATION_RUNS ?? 40);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 500);

// ---------------------------------------------------------------- a 1,000-flag repo (as bench/eval.mjs)
const makeRepo = (variant) => thousandFlags(variant).repo;
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
function release(n) {
  const repo = makeRepo(n);
  const envs = { prod: Buffer.from(canonicalJson(compileEnv(repo, "prod")), "utf8") };
  const commit = (n.toString(16).padStart(7, "0") + "c".repeat(33)).slice(0, 40);
  return { repo, ...assembleRelease({ project: "bench", git: { commit, commitTime: new Date(Date.UTC(2026, 10, 21) + n * 1000), dirty: false }, envs, parent: null, signKey: privateKey }) };
}
const relA = release(1);
const relB = release(2);
const fileOf = (rel, p) => rel.files.find((f) => f.path === p).body;

// ---------------------------------------------------------------- helpers
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
function timeIt(fn) {
  fn();
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}
let sink = 0;

// ---------------------------------------------------------------- 1. load + verify + compile vs JSON.parse
const manifest = fileOf(relA, "manifest.json");
const signature = fileOf(relA, "manifest.sig");
const envBytes = fileOf(relA, "envs/prod.json");
const parseMs = timeIt(() => {
  sink += Object.keys(JSON.parse(envBytes.toString("utf8")).flags).length;
});
const loadMs = timeIt(() => {
  const m = checkManifest({ manifest, signature }, relA.version, [publicKey], "bench");
  const model = checkEnvFile(m, "prod", envBytes, "bench");
  sink += specialise(model, { host: "web-1" }, { now: Date.now, version: relA.version }).keys.length;
});

// ---------------------------------------------------------------- 2. getter vs Evaluator.evaluate
const dir = mkdtempSync(path.join(os.tmpdir(), "flagctl-bench-sdk-"));
const fileStore = new FileStore(dir);
await putRelease(fileStore, relA.version, relA.files);
await putRelease(fileStore, relB.version, relB.files);
async function setPointer(store, version) {
  const cur = await readPointer(store, "prod");
  await writePointer(store, "prod", cur.pointer ? { seq: cur.pointer.seq, etag: cur.etag } : null, { stable: version, candidate: null, percent: 0, updatedAt: new Date().toISOString(), by: "bench", reason: "bench" });
}
await setPointer(fileStore, relA.version);
const client = createClient({ store: fileStore, env: "prod", host: "web-1", poll: 3_600_000, verifyKeys: [publicKey] });
await client.ready();
const ev = client.loop.current.evaluator;
const keys = [...ev.keys];
const types = keys.map((k) => ev.flag(k).type);
const contexts = Array.from({ length: 2000 }, () => ({ user: `user-${Math.floor(rand() * 1e7)}`, team: pick(TEAMS), country: pick(COUNTRIES), plan: pick(PLANS) }));
const evalRuns = [];
const getterRuns = [];
const viaEvaluate = () => {
  let s = 0;
  // The same loop shape as viaGetter (a branch on the flag's type, two call sites), so only the getter differs.
  for (const ctx of contexts) {
    for (let j = 0; j < keys.length; j++) {
      if (types[j] === "boolean" ? ev.evaluate(keys[j], ctx).value : ev.evaluate(keys[j], ctx).value) s++;
    }
  }
  sink += s;
};
const viaGetter = () => {
  let s = 0;
  for (const ctx of contexts) {
    for (let j = 0; j < keys.length; j++) {
      if (types[j] === "boolean" ? client.boolean(keys[j], ctx, false) : client.string(keys[j], ctx, "")) s++;
    }
  }
  sink += s;
};
viaEvaluate();
viaGetter();
// Interleaved, so load from other processes hits both alike.
for (let r = 0; r < REPEATS; r++) {
  let t0 = performance.now();
  viaEvaluate();
  evalRuns.push(performance.now() - t0);
  t0 = performance.now();
  viaGetter();
  getterRuns.push(performance.now() - t0);
}
const n = contexts.length * keys.length;
const evalNs = (median(evalRuns) * 1e6) / n;
const getterNs = (median(getterRuns) * 1e6) / n;
await client.close();

// ---------------------------------------------------------------- 3. propagation
async function propagation(store, label) {
  await setPointer(store, relA.version);
  const c = createClient({ store, env: "prod", host: "web-1", poll: POLL_MS, verifyKeys: [publicKey] });
  await c.ready();
  const times = [];
  for (let i = 0; i < PROPAGATION_RUNS; i++) {
    const to = i % 2 ? relA.version : relB.version;
    const swapped = new Promise((r) => c.once("changed", r));
    await setPointer(store, to); // the pointer is visible to readers when this resolves
    const t0 = performance.now();
    await swapped;
    times.push(performance.now() - t0);
  }
  await c.close();
  return { label, p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times) };
}
const prop = [await propagation(fileStore, "file://")];

let s3child;
try {
  const s3dir = mkdtempSync(path.join(os.tmpdir(), "flagctl-bench-s3-"));
  s3child = spawn(process.execPath, ["--openssl-legacy-provider", path.join(ROOT, "test/helpers/s3serverChild.mjs"), s3dir, "bench"], { stdio: ["pipe", "pipe", "inherit"] });
  const { casPort } = await new Promise((resolve, reject) => {
    createInterface({ input: s3child.stdout }).once("line", (l) => resolve(JSON.parse(l)));
    s3child.once("exit", (code) => reject(new Error(`s3rver exited ${code}`)));
  });
  const s3 = new S3Store({ bucket: "bench", prefix: "p/" }, { endpoint: `http://127.0.0.1:${casPort}`, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, checksums: "WHEN_REQUIRED" });
  await putRelease(s3, relA.version, relA.files);
  await putRelease(s3, relB.version, relB.files);
  prop.push(await propagation(s3, "s3:// (s3rver)"));
  s3.close();
} catch (e) {
  prop.push({ label: `s3:// skipped: ${e.message}` });
} finally {
  s3child?.stdin.end();
}
rmSync(dir, { recursive: true, force: true });

// ---------------------------------------------------------------- report
const f = (x, d = 1) => x.toFixed(d);
console.log(`flagctl SDK benchmark (node ${process.version}, ${os.cpus().length} cpus, median of ${REPEATS})`);
console.log("");
console.log(`1. load of a 1,000-flag release (env file ${(envBytes.length / 1024).toFixed(0)} KiB), verify + compile vs JSON.parse of the same bytes`);
console.log(`   JSON.parse ${f(parseMs, 2)} ms; signature + sha256 + parse + loadEnvModel + specialise ${f(loadMs, 2)} ms; ratio ${f(loadMs / parseMs, 2)}x`);
console.log("");
console.log(`2. typed getter vs Evaluator.evaluate (1,000 flags x ${contexts.length} contexts, interleaved)`);
console.log(`   evaluate ${f(evalNs)} ns/flag; getter ${f(getterNs)} ns/flag; overhead ${f((getterNs / evalNs - 1) * 100)}% (target < 10%)`);
console.log("");
console.log(`3. propagation: pointer write -> swap, poll ${POLL_MS} ms ±10%, ${PROPAGATION_RUNS} switches (expected <= poll + 1 s)`);
for (const p of prop) {
  if (p.p50 === undefined) console.log(`   ${p.label}`);
  else console.log(`   ${p.label.padEnd(16)} p50 ${f(p.p50, 0)} ms  p99 ${f(p.p99, 0)} ms  max ${f(p.max, 0)} ms  (p99 / (poll + 1 s) = ${f(p.p99 / (POLL_MS + 1000), 2)})`);
}
if (sink === 0.5) console.log(sink);
