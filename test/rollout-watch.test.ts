// Black-box: `flagctl rollout ENV --watch` (dist/) against a file:// store, with gates served by a real HTTP server
// on loopback and real shell commands. Bakes are 1s so a whole rollout takes a few seconds.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireFreshDist } from "./helpers/dist.js";
import { BIN, configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";
import { gateRunner } from "../src/release/runGate.js";

let server: Server;
let base: string;
/** What /health answers for the n-th request (1-based); set per test. */
let health: (n: number) => { status: number; body: string; type: string } = () => ({ status: 200, body: '{"healthy":true}', type: "application/json" });
let requests = 0;

beforeAll(async () => {
  requireFreshDist();
  server = createServer((req, res) => {
    if (req.url !== "/health") return void res.writeHead(404).end("no such page\n");
    const a = health(++requests);
    res.writeHead(a.status, { "content-type": a.type }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const project = (gates: string) => `project: acme-web
environments: [dev, prod]
rollout:
  prod: { steps: [10, 50, 100], bake: 1s }
gates:
${gates}
context:
  user: string
`;

interface Fixture {
  repo: string;
  store: string;
  v1: string;
  v2: string;
  run: (args: string[], env?: NodeJS.ProcessEnv) => ReturnType<typeof flagctl>;
}

async function fixture(gates: string): Promise<Fixture> {
  const repo = configRepo(project(gates));
  const store = pathToFileURL(tempDir("flagctl-store-")).href;
  const r1 = await fakeRelease(1);
  const r2 = await fakeRelease(2, { parent: { version: r1.version, envs: r1.envs } });
  for (const dir of [r1.dir, r2.dir]) expect((await flagctl(repo, ["publish", dir, "--store", store])).code).toBe(0);
  const run = (args: string[], env?: NodeJS.ProcessEnv) => flagctl(repo, [...args, "--store", store], env);
  return { repo, store, v1: r1.version, v2: r2.version, run };
}

async function history(f: Fixture): Promise<{ seq: number; stable: string | null; candidate: string | null; percent: number; by: string; reason: string }[]> {
  const r = await f.run(["log", "prod", "--format", "json"]);
  expect(r.code).toBe(0);
  const parsed = JSON.parse(r.stdout) as { entries: { seq: number; stable: string | null; candidate: string | null; percent: number; by: string; reason: string }[] };
  return [...parsed.entries].sort((a, b) => a.seq - b.seq);
}

describe("rollout --watch with gates", () => {
  it("rolls back when the health URL turns unhealthy at the second step: who and why in history, exit 1", { timeout: 60_000 }, async () => {
    const f = await fixture(`  prod: [ { url: "${base}/health" } ]`);
    // v1 all the way to stable first, the gate healthy throughout.
    requests = 0;
    health = () => ({ status: 200, body: '{"healthy":true,"errorRate":0.001}', type: "application/json" });
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const first = await f.run(["rollout", "prod", "--watch"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`prod: ${f.v1} is stable`);
    expect(requests).toBe(2); // before 10 → 50 and before 50 → 100

    // v2: healthy before the first move, unhealthy from the second on.
    requests = 0;
    health = (n) => (n === 1 ? { status: 200, body: '{"healthy":true}', type: "application/json" } : { status: 200, body: '{"healthy":false,"why":"error rate 7%"}\n', type: "application/json" });
    expect((await f.run(["promote", f.v2, "prod"])).code).toBe(0);
    const r = await f.run(["rollout", "prod", "--watch"], { FLAGCTL_ACTOR: "release-bot" });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toContain(`prod: watching ${f.v2} at 10%`);
    expect(r.stdout).toMatch(/gate passed: .*\/health: HTTP 200/);
    expect(r.stdout).toMatch(/gate FAILED: .*\/health: healthy is false/);
    expect(lines.at(-1)).toContain("rolled back by release-bot");

    const h = await history(f);
    const last = h.at(-1)!;
    expect(last).toMatchObject({ stable: f.v1, candidate: null, percent: 0, by: "release-bot" });
    expect(last.reason).toBe(`gate failed: ${base}/health: healthy is false: {"healthy":false,"why":"error rate 7%"}`);
    // It got to 50% and no further.
    expect(h.filter((e) => e.candidate === f.v2).map((e) => e.percent)).toEqual([10, 50]);
  });

  it("a failing command gate names the command and its output's first line; exit 1", { timeout: 30_000 }, async () => {
    const f = await fixture(`  dev: []`);
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const r = await f.run(["rollout", "prod", "--watch", "--gate", 'test "$FLAGCTL_ENV" = prod && test "$FLAGCTL_NEXT_PERCENT" = 50 && echo "p99 latency 900ms > 500ms" && exit 3']);
    expect(r.code).toBe(1);
    const last = (await history(f)).at(-1)!;
    expect(last.reason).toBe('gate failed: test "$FLAGCTL_ENV" = prod && test "$FLAGCTL_NEXT_PERCENT" = 50 && echo "p99 latency 900ms > 500ms" && exit 3: p99 latency 900ms > 500ms');
    expect(last.candidate).toBeNull();
  });

  it("a gate that outlives its timeout fails", { timeout: 30_000 }, async () => {
    const f = await fixture(`  prod: [ { run: "sleep 20", timeout: 500ms } ]`);
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const r = await f.run(["rollout", "prod", "--watch"]);
    expect(r.code).toBe(1);
    expect((await history(f)).at(-1)!.reason).toBe("gate failed: sleep 20: timed out after 500ms");
  });

  it("killed with -9 mid-watch, a rerun continues from the pointer: every step once, then exit 0", { timeout: 60_000 }, async () => {
    const f = await fixture(`  prod: [ { run: "true" } ]`);
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, "rollout", "prod", "--watch", "--store", f.store], {
      cwd: f.repo,
      env: { ...process.env, FLAGCTL_ACTOR: "tester", NO_COLOR: "1", FLAGCTL_BAKE_SCALE: "3" }, // 3s bakes
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        // Moved to 50% and now baking there: kill it without warning.
        if (/baking .* at 50%/.test(out)) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`watch ended before it was killed:\n${out}`)));
    });
    expect(out).not.toContain("is stable");
    const mid = await history(f);
    expect(mid.at(-1)).toMatchObject({ candidate: f.v1, percent: 50 });

    const r = await f.run(["rollout", "prod", "--watch"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`watching ${f.v1} at 50%`);
    const h = await history(f);
    expect(h.map((e) => (e.candidate ? `${e.candidate}@${e.percent}` : `stable ${e.stable}`))).toEqual([`${f.v1}@10`, `${f.v1}@50`, `stable ${f.v1}`]);
  });

  it("a human changing the pointer during the bake stops the watch with exit 4", { timeout: 60_000 }, async () => {
    const f = await fixture(`  prod: []`);
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, "rollout", "prod", "--watch", "--bake", "30s", "--store", f.store], {
      cwd: f.repo,
      env: { ...process.env, FLAGCTL_ACTOR: "tester", NO_COLOR: "1" },
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => void (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    // Once it is baking, a person rolls back.
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("baking")) resolve();
      });
    });
    expect((await f.run(["rollback", "prod", "--reason", "saw errors"])).code).toBe(0);
    expect(await exited).toBe(4);
    expect(err).toContain("changed under the watch");
    expect(err).toContain("saw errors");
    // The person's change stands: the watch wrote nothing after it.
    expect((await history(f)).at(-1)).toMatchObject({ candidate: null, reason: "saw errors" });
  });

  it("--format json prints one event object per line", { timeout: 30_000 }, async () => {
    const f = await fixture(`  prod: []`);
    expect((await f.run(["promote", f.v1, "prod"])).code).toBe(0);
    const r = await f.run(["rollout", "prod", "--watch", "--format", "json", "--bake", "0s"]);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { event: string });
    expect(events.map((e) => e.event)).toEqual(["start", "moved", "moved", "stable"]);
  });

  it("refuses bad arguments before touching the store (exit 2)", async () => {
    const repo = configRepo(project("  prod: []"));
    const nowhere = ["--store", "s3://no-such-bucket/x"];
    expect((await flagctl(repo, ["rollout", "prod", "--gate", "true", ...nowhere])).code).toBe(2);
    expect((await flagctl(repo, ["rollout", "prod", "--watch", "--gate-url", "ftp://x/y", ...nowhere])).stderr).toContain("not an http(s) URL");
    expect((await flagctl(repo, ["rollout", "prod", "--watch", "--to", "50", ...nowhere])).code).toBe(2);
    expect((await flagctl(repo, ["rollout", "prod", "--watch", "--gate-timeout", "soon", ...nowhere])).code).toBe(2);
  });
});

describe("gate runner", () => {
  const ctx = { env: "prod", candidate: "v2", stable: "v1", percent: 10, nextPercent: 50 };
  const runGate = gateRunner({ cwd: tempDir("flagctl-gate-"), env: process.env, timeoutMs: 5000 });
  const url = (path: string) => ({ kind: "url" as const, url: `${base}${path}`, loc: { file: "t", line: 1, column: 1 } });

  it("URL gates: 2xx passes, JSON needs healthy: true, non-2xx and unreachable fail with a one-line reason", async () => {
    health = () => ({ status: 200, body: "ok\n", type: "text/plain" });
    expect(await runGate(url("/health"), ctx)).toMatchObject({ ok: true });
    health = () => ({ status: 200, body: '{"status":"fine"}', type: "application/json; charset=utf-8" });
    expect(await runGate(url("/health"), ctx)).toMatchObject({ ok: false, detail: 'healthy is missing: {"status":"fine"}' });
    health = () => ({ status: 200, body: "{not json", type: "application/json" });
    expect((await runGate(url("/health"), ctx)).detail).toContain("not JSON");
    health = () => ({ status: 503, body: "overloaded\nsecond line\n", type: "text/plain" });
    expect(await runGate(url("/health"), ctx)).toMatchObject({ ok: false, detail: "HTTP 503: overloaded" });
    expect(await runGate(url("/nope"), ctx)).toMatchObject({ ok: false, detail: "HTTP 404: no such page" });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runGate({ kind: "url", url: `http://127.0.0.1:${port}/`, loc: { file: "t", line: 1, column: 1 } }, ctx);
    expect(r).toMatchObject({ ok: false, detail: "cannot reach it: ECONNREFUSED" });
  });

  it("command gates get the rollout in their environment and keep at most 64 KiB of output", async () => {
    const dir = tempDir("flagctl-gate-");
    writeFileSync(join(dir, "check.sh"), 'echo "$FLAGCTL_ENV $FLAGCTL_CANDIDATE $FLAGCTL_STABLE $FLAGCTL_PERCENT $FLAGCTL_NEXT_PERCENT"\n');
    const inDir = gateRunner({ cwd: dir, env: process.env });
    expect(await inDir({ kind: "run", run: "sh check.sh", loc: { file: "t", line: 1, column: 1 } }, ctx)).toMatchObject({ ok: true, detail: "prod v2 v1 10 50" });
    const big = await inDir({ kind: "run", run: "head -c 1000000 /dev/zero | tr '\\0' x; exit 1", loc: { file: "t", line: 1, column: 1 } }, ctx);
    expect(big.ok).toBe(false);
    expect(big.detail.length).toBeLessThanOrEqual(200);
  });
});
