// A fleet of `flagctl agent` processes (built CLI) against a real s3rver, driven by the CLI as a release captain
// would: each host runs what its bucket picks, follows rollout and rollback within a poll, polls idle with
// 304s only, survives the store going away (stale, cache on restart, 503 with nothing), recovers, and refuses
// tampered or wrongly signed releases. Store traffic is counted at a proxy in front of s3rver.
import { createPrivateKey } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTrack } from "../src/core/index.js";
import { generateSigningKeys } from "../src/release/sign.js";
import { readPointer, writePointer, S3Store } from "../src/store/index.js";
import { eventually, fixtureRelease, postJson, publishFixture, startAgentProcess, type AgentProcess, type FixtureRelease } from "./helpers/agentFixture.js";
import { startCountingProxy, type CountingProxy } from "./helpers/countingProxy.js";
import { requireFreshDist } from "./helpers/dist.js";
import { configRepo, flagctl, tempDir } from "./helpers/releaseFixture.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";

const POLL_MS = 500;
const HOSTS = ["web-0", "web-1", "web-2", "web-3", "web-4", "web-5"];
const PROJECT = `project: agent-fleet
environments: [dev, prod]
rollout:
  prod: { steps: [25, 50, 100], bake: 0s }
context:
  user: string
`;

let s3: S3TestServer;
let proxy: CountingProxy;
let store: S3Store;
let repo: string;
let work: string;
let pubKey: string;
const rel: FixtureRelease[] = [];
const agents = new Map<string, AgentProcess>();

const storeUrl = () => s3.storeUrl("fleet");
const env = () => ({ ...s3.env, FLAGCTL_S3_ENDPOINT: proxy.endpoint, FLAGCTL_AGENT_REPORT_INTERVAL: "1s" });
// Through the proxy too, so the moment the pointer is written is on the same record as the agents' polls.
const cli = (...args: string[]) => flagctl(repo, [...args, "--store", storeUrl()], { ...s3.env, FLAGCTL_S3_ENDPOINT: proxy.endpoint });

/** When the last successful PUT of prod's pointer was answered: the moment agents could first see it. */
function pointerWrittenAt(): number {
  const put = proxy.hits.filter((h) => h.method === "PUT" && h.path.includes("/envs/prod/pointer.json") && h.status === 200).pop();
  return put!.at;
}

function startHost(host: string, opts: { cache?: boolean } = {}): Promise<AgentProcess> {
  const args = ["--env", "prod", "--host", host, "--store", storeUrl(), "--poll", `${POLL_MS}ms`, "--verify-key", pubKey, "--report"];
  if (opts.cache !== false) args.push("--cache-dir", join(work, "cache", host));
  return startAgentProcess(args, env(), host);
}

async function statusOf(a: AgentProcess) {
  return (await (await fetch(`${a.url}/status`)).json()) as { state: string; source: string; release: { version: string } | null; lastError: { code: string } | null };
}

async function served(a: AgentProcess): Promise<unknown> {
  const r = await postJson(`${a.url}/ofrep/v1/evaluate/flags/demo.release`, {});
  return r.status === 200 ? (r.json as { value: unknown }).value : r.status;
}

/**
 * Waits until every agent runs what the pointer assigns its host. Returns, for each host that switched since
 * its log was `logFrom` long, the time from the pointer write to the switch, by the agent's own log line.
 */
async function fleetFollows(logFrom = new Map<string, number>()): Promise<Map<string, number>> {
  const { pointer } = await readPointer(store, "prod");
  await eventually(async () => {
    const states = await Promise.all([...agents.values()].map(async (a) => (await statusOf(a)).release?.version === chooseTrack(pointer!, a.host).version));
    return states.every(Boolean);
  }, 20_000);
  const lags = new Map<string, number>();
  for (const a of agents.values()) {
    const want = chooseTrack(pointer!, a.host).version!;
    const line = a.stderr().slice(logFrom.get(a.host) ?? 0).split("\n").find((l) => l.includes(` -> ${want} `));
    if (line) lags.set(a.host, Date.parse(line.slice(0, 24)) - pointerWrittenAt());
  }
  for (const a of agents.values()) expect(await served(a)).toBe(`r${rel.findIndex((r) => r.version === chooseTrack(pointer!, a.host).version) + 1}`);
  return lags;
}

beforeAll(async () => {
  requireFreshDist();
  s3 = await startS3Server();
  proxy = await startCountingProxy(s3.endpoint);
  store = new S3Store({ bucket: s3.bucket, prefix: "fleet/" }, s3.s3Options());
  repo = configRepo(PROJECT);
  work = tempDir("flagctl-fleet-");
  const keys = generateSigningKeys();
  pubKey = join(work, "release.pub");
  writeFileSync(pubKey, keys.publicKey);
  const signKey = createPrivateKey(keys.privateKey);
  const other = createPrivateKey(generateSigningKeys().privateKey);
  rel.push(fixtureRelease(1, { signKey }));
  rel.push(fixtureRelease(2, { signKey, parent: rel[0] }));
  rel.push(fixtureRelease(3, { signKey, parent: rel[1] })); // tampered below
  rel.push(fixtureRelease(4, { signKey: other, parent: rel[1] })); // signed by a key the agents do not trust
  for (const r of rel) await publishFixture(store, r);
  mkdirSync(join(work, "cache"));
}, 60_000);

afterAll(async () => {
  await Promise.all([...agents.values()].map((a) => a.stop()));
  await proxy?.stop();
  await s3?.stop();
});

describe("a fleet of agents on s3://", () => {
  it("runs, follows rollout and rollback, idles on 304s, survives the store going away, refuses bad releases", { timeout: 240_000 }, async () => {
    // r1 stable everywhere.
    expect((await cli("promote", rel[0].version, "prod")).code).toBe(0);
    expect((await cli("rollout", "prod", "--to", "100", "--force", "--reason", "first")).code).toBe(0);
    for (const [i, a] of (await Promise.all(HOSTS.map((h) => startHost(h)))).entries()) agents.set(HOSTS[i], a);
    await fleetFollows();

    // Idle: only conditional GETs of the pointer, all answered 304 (host reports are this fleet's own writes).
    await new Promise((r) => setTimeout(r, 1500));
    const from = proxy.hits.length;
    await new Promise((r) => setTimeout(r, 3 * POLL_MS + 500));
    const idle = proxy.hits.slice(from).filter((h) => h.method === "GET");
    expect(idle.length).toBeGreaterThanOrEqual(HOSTS.length * 2);
    expect(idle.filter((h) => !(h.path.includes("/envs/prod/pointer.json") && h.status === 304))).toEqual([]);

    // Staged rollout of r2, then the next step, then rollback: each host follows its bucket within a poll.
    const lags: number[] = [];
    const step = async (...args: string[]) => {
      const logFrom = new Map([...agents.values()].map((a) => [a.host, a.stderr().length]));
      const r = await cli(...args);
      expect(r.code, r.stderr).toBe(0);
      const l = await fleetFollows(logFrom);
      lags.push(...l.values());
      return l;
    };
    await step("promote", rel[1].version, "prod");
    const { pointer: p25 } = await readPointer(store, "prod");
    const on25 = HOSTS.filter((h) => chooseTrack(p25!, h).track === "candidate");
    await step("rollout", "prod", "--bake", "0s");
    const { pointer: p50 } = await readPointer(store, "prod");
    const on50 = HOSTS.filter((h) => chooseTrack(p50!, h).track === "candidate");
    expect(on50).toEqual(expect.arrayContaining(on25)); // raising the share only adds hosts
    await step("rollback", "prod", "--reason", "test");
    console.log(`switch lag per host after each change (ms, poll ${POLL_MS}): ${lags.join(", ")}`);
    // The contract is "within a poll (+10% jitter) and a second". A loaded test machine can stall one process for
    // longer, so that is asserted of the median; every host must still switch well within a generous bound.
    const sorted = [...lags].sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThan(0);
    expect(sorted[Math.floor((sorted.length - 1) / 2)]).toBeLessThanOrEqual(POLL_MS * 1.1 + 1000);
    for (const lag of lags) expect(lag).toBeLessThanOrEqual(POLL_MS * 1.1 + 10_000);

    // status sees the whole fleet on what the pointer says.
    await eventually(async () => {
      const s = JSON.parse((await cli("status", "prod", "--format", "json")).stdout);
      return s.environments[0].hosts.matching === HOSTS.length;
    });
    expect((await cli("status", "prod", "--exit-code")).stdout).toContain(`${HOSTS.length}/${HOSTS.length} hosts on what the pointer says`);

    // The store goes away: everyone keeps serving r1 and turns stale.
    proxy.down = true;
    await eventually(async () => (await Promise.all([...agents.values()].map(statusOf))).every((s) => s.state === "stale"), 30_000, 200);
    for (const a of agents.values()) expect(await served(a)).toBe("r1");
    expect(await (await fetch(`${agents.get("web-0")!.url}/metrics`)).text()).toMatch(/^flagctl_agent_stale 1$/m);
    // A restart with the store still down serves the cache; a first start with neither answers 503.
    expect(await agents.get("web-0")!.stop()).toBe(0);
    agents.set("web-0", await startHost("web-0"));
    await eventually(async () => (await statusOf(agents.get("web-0")!)).source === "cache", 20_000, 100);
    expect(await served(agents.get("web-0")!)).toBe("r1");
    const fresh = await startHost("web-new", { cache: false });
    try {
      expect(await served(fresh)).toBe(503);
      expect((await fetch(`${fresh.url}/readyz`)).status).toBe(503);
    } finally {
      expect(await fresh.stop()).toBe(0);
    }

    // The store comes back: all recover.
    proxy.down = false;
    await eventually(async () => (await Promise.all([...agents.values()].map(statusOf))).every((s) => s.state === "ready" && s.source === "store"), 30_000, 200);
    // The ones that had gone stale say so (web-0 restarted from its cache and may not have failed 3 polls since).
    for (const a of agents.values()) if (a.host !== "web-0") expect(a.stderr()).toContain("recovered: the store answers again");

    // A tampered release (env file changed after signing) and one signed by an unknown key: refused by all.
    // `flagctl promote` would refuse both (every pointer move verifies its target), so the pointer is written
    // directly, as someone with write access to the store, or a corrupted copy, could.
    const tamperedKey = `releases/${rel[2].version}/envs/prod.json`;
    const original = rel[2].envs.prod.toString("utf8");
    await store.put(tamperedKey, Buffer.from(original.replace('"r3"', '"rX"')));
    for (const [bad, code] of [[rel[2], /^E_TAMPERED$/], [rel[3], /^E_BAD_SIGNATURE$/]] as const) {
      const cur = await readPointer(store, "prod");
      await writePointer(store, "prod", { seq: cur.pointer!.seq, etag: cur.etag! }, { stable: bad.version, candidate: null, percent: 0, updatedAt: new Date().toISOString(), by: "attacker", reason: "" });
      await eventually(async () => (await Promise.all([...agents.values()].map(statusOf))).every((s) => s.lastError !== null && s.lastError.code.match(code) !== null), 20_000, 100);
      for (const a of agents.values()) {
        expect(await served(a)).toBe("r1");
        expect(a.stderr()).toContain(`rejected ${bad.version}`);
      }
    }
    for (const a of agents.values()) expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/^flagctl_agent_release_rejections_total [2-9]$/m);

    // SIGTERM: every agent exits 0.
    const codes = await Promise.all([...agents.values()].map((a) => a.stop("SIGTERM")));
    expect(codes).toEqual(HOSTS.map(() => 0));
    agents.clear();
  });
});
