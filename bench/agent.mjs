// Agent benchmark (issue 11): OFREP single-flag requests per second against `flagctl agent` serving a
// 1,000-flag release, and the agent's added latency over an in-process evaluation. Every figure is a ratio
// against a bare Node http server that reads the request body and returns a constant (the floor), measured
// in the same run. Servers run as child processes pinned to one core (taskset, when present); the load
// comes from autocannon in this process. Run: npm run bench:agent (builds dist/ first).
//
//   BENCH_SECONDS   seconds per throughput run (default 5); each server is measured twice, interleaved
//   BENCH_LATENCY_N sequential requests per latency run (default 3000)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { canonicalJson, compileEnv } from "../dist/core/compile/index.js";
import { specialise } from "../dist/core/eval/index.js";
import { assembleRelease } from "../dist/release/build.js";
import { FileStore } from "../dist/store/fileStore.js";
import { writePointer } from "../dist/store/pointer.js";
import { putRelease } from "../dist/store/putRelease.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FLAGS = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 3000);

// ---------------------------------------------------------------- a 1,000-flag release in a file:// store
const loc = { file: "bench", line: 1, column: 1 };
const attr = (name, type, extra = {}) => ({ name, type, static: false, loc, ...extra });
const project = {
  file: "flagctl.yaml", name: "bench", environments: ["prod"], pipeline: [], rollout: {}, loc,
  context: { env: attr("env", "string", { static: true }), user: attr("user", "string"), team: attr("team", "string"), country: attr("country", "string"), host: attr("host", "string", { static: true }) },
};
const value = (v) => ({ kind: "value", value: v, loc });
const flags = new Map();
for (let i = 0; i < FLAGS; i++) {
  const key = `bench.flag-${String(i).padStart(4, "0")}`;
  const base = { key, file: `flags/${key}.yaml`, loc, checks: [], locs: {}, type: "boolean", default: false };
  const env =
    i % 3 === 0
      ? { kind: "static", serve: value(true), loc }
      : {
          kind: "rules",
          rules: [{ index: 0, name: "listed teams", if: { kind: "attr", attr: "team", test: { op: "in", values: [`T${i}`, `T${i + 1}`, "T-staff"] }, loc }, serve: value(true), loc }],
          fallthrough: { kind: "rollout", weights: [{ variation: "true", weight: 25, loc }, { variation: "false", weight: 75, loc }], by: "user", loc },
          loc,
        };
  flags.set(key, { ...base, environments: { prod: env } });
}
const repo = { project, flags, segments: new Map(), tests: [] };
const model = compileEnv(repo, "prod");
const envBytes = Buffer.from(canonicalJson(model), "utf8");
const release = assembleRelease({ project: "bench", git: { commit: "b".repeat(40), commitTime: new Date(Date.UTC(2026, 0, 1)), dirty: false }, envs: { prod: envBytes }, parent: null, signKey: null });
const dir = mkdtempSync(join(tmpdir(), "flagctl-bench-agent-"));
const store = new FileStore(dir);
await putRelease(store, release.version, release.files);
await writePointer(store, "prod", null, { stable: release.version, candidate: null, percent: 0, updatedAt: new Date().toISOString(), by: "bench", reason: "" });

// The flag every request asks for: a rule, then a rollout by user (the common, non-constant case).
const KEY = "bench.flag-0500";
const CONTEXT = { context: { targetingKey: "user-42", team: "T7", country: "DE" } };
const BODY = JSON.stringify(CONTEXT);

// ---------------------------------------------------------------- servers
const pin = (() => {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
    return ["taskset", "-c", "0"];
  } catch {
    return [];
  }
})();

function startChild(args) {
  const [cmd, ...rest] = [...pin, process.execPath, ...args];
  const child = spawn(cmd, rest, { stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, NO_COLOR: "1" } });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) });
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

const FLOOR_SRC = `
const http = require("node:http");
const body = ${JSON.stringify(JSON.stringify({ key: KEY, value: true, reason: "SPLIT", variant: "true", metadata: { version: release.version, seq: 1, track: "stable", flagctlReason: "SPLIT" } }))};
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

const floor = await startChild(["-e", FLOOR_SRC]);
const agent = await startChild([join(ROOT, "bin/flagctl.js"), "agent", "--env", "prod", "--host", "bench-1", "--store", `file://${dir}`, "--listen", "127.0.0.1:0", "--poll", "5s"]);
for (;;) {
  const r = await fetch(`${agent.url}/readyz`);
  if (r.status === 200) break;
  await new Promise((r) => setTimeout(r, 100));
}
const check = await (await fetch(`${agent.url}/ofrep/v1/evaluate/flags/${KEY}`, { method: "POST", body: BODY })).json();
if (check.key !== KEY || typeof check.value !== "boolean") throw new Error(`unexpected answer: ${JSON.stringify(check)}`);

// ---------------------------------------------------------------- throughput
function cannon(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: "POST", body: BODY, headers: { "content-type": "application/json" }, connections: 16, pipelining: 1, duration: SECONDS }, (err, res) => {
      if (err) return reject(err);
      if (res.non2xx || res.errors) return reject(new Error(`${res.non2xx} non-2xx, ${res.errors} errors`));
      resolve(res.requests.average);
    });
  });
}
const floorUrl = `${floor.url}/`;
const agentUrl = `${agent.url}/ofrep/v1/evaluate/flags/${KEY}`;
await cannon(floorUrl); // warm-up, both
await cannon(agentUrl);
const rps = { floor: [], agent: [] };
for (let i = 0; i < 2; i++) {
  rps.floor.push(await cannon(floorUrl));
  rps.agent.push(await cannon(agentUrl));
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// ---------------------------------------------------------------- latency (one keep-alive connection, sequential)
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
function once(url) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent: keepAlive, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(Number(process.hrtime.bigint() - t0) / 1000));
    });
    req.on("error", reject);
    req.end(BODY);
  });
}
async function latencies(url) {
  for (let i = 0; i < 300; i++) await once(url);
  const xs = [];
  for (let i = 0; i < LATENCY_N; i++) xs.push(await once(url));
  xs.sort((a, b) => a - b);
  return { p50: xs[Math.floor(xs.length * 0.5)], p99: xs[Math.floor(xs.length * 0.99)] };
}
const latFloor = await latencies(floorUrl);
const latAgent = await latencies(agentUrl);
const latFloor2 = await latencies(floorUrl);
const floorP50 = (latFloor.p50 + latFloor2.p50) / 2;

// In-process: the same evaluation the agent does per request (parse the body, evaluate, serialise the answer).
const ev = specialise(model, { host: "bench-1" }, { now: Date.now, version: release.version });
const N = 200_000;
let sink = 0;
for (let i = 0; i < 20_000; i++) sink += ev.evaluate(KEY, { user: `u${i}`, team: "T7" }).value ? 1 : 0;
let t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) sink += ev.evaluate(KEY, { user: "user-42", team: "T7", country: "DE" }).value ? 1 : 0;
const evalUs = Number(process.hrtime.bigint() - t0) / 1000 / N;
t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const ctx = JSON.parse(BODY).context;
  sink += JSON.stringify(ev.evaluate(KEY, { ...ctx, user: ctx.targetingKey })).length;
}
const evalJsonUs = Number(process.hrtime.bigint() - t0) / 1000 / N;

await Promise.all([floor.stop(), agent.stop()]);
rmSync(dir, { recursive: true, force: true });

const f = (x, d = 1) => x.toFixed(d);
console.log(`flagctl agent, OFREP single-flag evaluation, ${FLAGS}-flag release (flag ${KEY}: a rule, then a 25% rollout)`);
console.log(`servers ${pin.length ? "pinned to CPU 0 (taskset)" : "not pinned (no taskset)"}; load: autocannon, 16 connections, ${SECONDS}s x 2 interleaved runs each`);
console.log("");
console.log(`throughput   floor (bare http, constant body) ${f(mean(rps.floor), 0)} req/s   agent ${f(mean(rps.agent), 0)} req/s`);
console.log(`             agent / floor = ${f(mean(rps.agent) / mean(rps.floor), 2)}   (runs: floor ${rps.floor.map((x) => f(x, 0)).join(", ")}; agent ${rps.agent.map((x) => f(x, 0)).join(", ")})`);
console.log(`latency      one keep-alive connection, ${LATENCY_N} sequential requests`);
console.log(`             floor p50 ${f(floorP50)} µs   agent p50 ${f(latAgent.p50)} µs (p99 ${f(latAgent.p99)} µs; floor p99 ${f(latFloor.p99)} µs)`);
console.log(`             agent p50 / floor p50 = ${f(latAgent.p50 / floorP50, 2)}; the agent adds ${f(latAgent.p50 - floorP50)} µs over the floor`);
console.log(`in-process   evaluate() ${f(evalUs, 3)} µs; with the body's JSON.parse + answer's JSON.stringify ${f(evalJsonUs, 3)} µs`);
console.log(`             agent p50 / in-process evaluate() = ${f(latAgent.p50 / evalUs, 0)}x; floor p50 / in-process evaluate() = ${f(floorP50 / evalUs, 0)}x`);
console.log(`             so a call through the agent costs about ${f(latAgent.p50 / floorP50, 2)} bare-http round trips; the HTTP round trip, not evaluation, is the price`);
if (sink === -1) console.log("");
