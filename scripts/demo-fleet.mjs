// The fleet part of `npm run demo`: eight `flagctl agent` sidecars (hosts web-1..web-8) on the demo's file://
// store, watching prod while a release captain rolls a second release out step by step and rolls it back.
// After each pointer move it shows which hosts switched and how long each took, measured from the moment the
// command that moved the pointer returned. Called by scripts/demo.sh with: STORE V1 V2 REPO_DIR.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chooseTrack } from "../dist/core/release/track.js";
import { openStore } from "../dist/store/openStore.js";
import { readPointer } from "../dist/store/pointer.js";

const [STORE, V1, V2, REPO] = process.argv.slice(2);
const BIN = fileURLToPath(new URL("../bin/flagctl.js", import.meta.url));
const HOSTS = Array.from({ length: 8 }, (_, i) => `web-${i + 1}`);
const POLL = "500ms";
const short = (v) => (v === V1 ? "v1" : v === V2 ? "v2" : (v ?? "nothing"));

function flagctl(args, { echo = true } = {}) {
  if (echo) console.log(`$ flagctl ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [BIN, ...args, "--store", STORE], { cwd: REPO, encoding: "utf8", env: process.env });
  if (echo) process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`flagctl ${args[0]} exited ${r.status}`);
  }
  return r.stdout;
}

function startAgent(host) {
  const child = spawn(process.execPath, [BIN, "agent", "--env", "prod", "--host", host, "--store", STORE, "--listen", "127.0.0.1:0", "--poll", POLL, "--report"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FLAGCTL_AGENT_REPORT_INTERVAL: "2s" },
  });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((r) => child.once("exit", (code) => r(code)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^listening on (\S+)$/.exec(line);
      if (m) resolve({ host, url: m[1], exited, log: () => log, stop: () => (child.kill("SIGTERM"), exited) });
    });
    exited.then((code) => reject(new Error(`agent ${host} exited ${code}: ${log}`)));
  });
}

const running = async (a) => (await (await fetch(`${a.url}/status`)).json()).release?.version ?? null;
const store = openStore(STORE);
const pointer = async () => (await readPointer(store, "prod")).pointer;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a pointer-moving command, then waits until every host runs what the pointer assigns it. */
async function move(args) {
  const before = new Map(await Promise.all(agents.map(async (a) => [a.host, await running(a)])));
  flagctl(args);
  const t0 = Date.now();
  const p = await pointer();
  const want = new Map(agents.map((a) => [a.host, chooseTrack(p, a.host).version]));
  const took = new Map();
  while (took.size < agents.length && Date.now() - t0 < 15_000) {
    await Promise.all(agents.map(async (a) => {
      if (!took.has(a.host) && (await running(a)) === want.get(a.host)) took.set(a.host, Date.now() - t0);
    }));
    await sleep(25);
  }
  const switched = agents.filter((a) => before.get(a.host) !== want.get(a.host));
  const onV2 = agents.filter((a) => want.get(a.host) === V2).map((a) => a.host);
  const where = p.candidate ? `candidate at ${p.percent}%` : `stable ${short(p.stable)}`;
  console.log(`  fleet (${where}): ${onV2.length}/8 hosts on v2${onV2.length ? ` (${onV2.join(" ")})` : ""}`);
  if (switched.length === 0) console.log("  no host switched: none is in this step's share");
  for (const a of switched) {
    const ms = took.get(a.host);
    console.log(`  ${a.host}: ${short(before.get(a.host))} -> ${short(want.get(a.host))}${ms === undefined ? " NOT SWITCHED after 15s" : ` in ${(ms / 1000).toFixed(2)}s`}`);
  }
}

/** Waits out an env's bake time, then rolls it out one step (what `advance` in demo.sh does). */
async function advance(env, each) {
  for (;;) {
    const s = JSON.parse(flagctl(["status", env, "--format", "json"], { echo: false })).environments[0];
    if (!s.candidate) return;
    await sleep(s.next.dueInMs);
    await each(["rollout", env]);
  }
}

console.log(`$ flagctl agent --env prod --host web-N --store ${STORE} --listen 127.0.0.1:0 --poll ${POLL} --report   (N = 1..8)`);
const agents = await Promise.all(HOSTS.map(startAgent));
for (;;) {
  const all = await Promise.all(agents.map(running));
  if (all.every((v) => v === V1)) break;
  await sleep(50);
}
console.log(`  8 agents listening (${agents[0].url} ... ${agents[7].url}), each serving v1 = ${V1}; v2 = ${V2}`);
const ofrep = await (await fetch(`${agents[0].url}/ofrep/v1/evaluate/flags/checkout.new-flow`, { method: "POST", body: JSON.stringify({ context: { targetingKey: "U024BE7LD", country: "DE" } }) })).json();
console.log(`$ curl -X POST ${agents[0].url}/ofrep/v1/evaluate/flags/checkout.new-flow -d '{"context":{"targetingKey":"U024BE7LD","country":"DE"}}'`);
console.log(`  ${JSON.stringify(ofrep)}`);

console.log("\nv2 through staging and dogfood (the pipeline), then prod step by step while the fleet watches:");
flagctl(["promote", V2, "staging", "--reason", "demo: second release, again"]);
await advance("staging", async (args) => flagctl(args));
flagctl(["promote", V2, "dogfood"]);
await move(["promote", V2, "prod"]);
await advance("prod", move);
console.log("\nand back: roll prod back to v1");
await move(["rollback", "prod", "--reason", "demo: back to v1"]);

await sleep(300); // the agents' reports after the switch
console.log("");
flagctl(["status", "prod"]);
flagctl(["hosts", "prod"]);
const codes = await Promise.all(agents.map((a) => a.stop()));
console.log(`stopped the 8 agents with SIGTERM: exit codes ${codes.join(" ")}`);
const switches = agents.map((a) => (a.log().match(/ switched /g) ?? []).length);
console.log(`their logs (stderr) show ${switches.reduce((x, y) => x + y, 0)} switches in all; web-1's: \n${agents[0].log().trimEnd().split("\n").map((l) => `  ${l}`).join("\n")}`);
if (codes.some((c) => c !== 0)) process.exit(1);
