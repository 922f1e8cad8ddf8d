// The fetch loop over the network: the suite's s3rver behind a recording proxy that can inject 500s, hangs
// and connection resets (faults a healthy server never produces, so the proxy makes them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/sdk/index.js";
import { S3Store } from "../src/store/index.js";
import { startFaultProxy, type Fault, type FaultProxy } from "./helpers/faultProxy.js";
import { buildRelease, flag, point, publish } from "./helpers/runtimeFixture.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";

let s3: S3TestServer;
let proxy: FaultProxy;
beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});

const files = (n: number) => ({ "flags/search/limit.yaml": flag(`    ${n}\n`, { type: "number", dflt: "0" }) });

async function setup(prefix: string): Promise<{ c: Client; version: string; direct: S3Store }> {
  const direct = new S3Store({ bucket: s3.bucket, prefix: `${prefix}/` }, s3.s3Options());
  const a = buildRelease(files(1), 1);
  await publish(direct, a);
  await point(direct, "prod", { stable: a.version });
  const viaProxy = new S3Store({ bucket: s3.bucket, prefix: `${prefix}/` }, { ...s3.s3Options(), endpoint: proxy.endpoint, maxAttempts: 1, requestTimeoutMs: 400 });
  const c = createClient({ store: viaProxy, env: "prod", host: "web-1", poll: 3_600_000 });
  expect(await c.ready()).toBe(true);
  return { c, version: a.version, direct };
}

describe("fetch loop over S3", () => {
  it("100 idle polls transfer no manifest or env-file body: each is a 304 on the pointer", async () => {
    const { c } = await setup("idle");
    proxy.requests.length = 0;
    for (let i = 0; i < 100; i++) await c.loop.pollNow();
    expect(proxy.requests).toHaveLength(100);
    for (const r of proxy.requests) expect(r).toEqual({ method: "GET", path: `/${s3.bucket}/idle/envs/prod/pointer.json`, status: 304, bytes: 0 });
    expect(c.status).toMatchObject({ state: "ready", consecutiveFailures: 0, lastError: null });
    await c.close();
  });

  it.each<Fault>(["500", "hang", "reset"])("store fault %s: keeps serving, goes stale after 3 polls, recovers", async (fault) => {
    const { c, version } = await setup(`fault-${fault}`);
    let stale = 0;
    let recovered = 0;
    c.on("stale", () => stale++);
    c.on("recovered", () => recovered++);
    proxy.fault = () => fault;
    try {
      for (let i = 1; i <= 3; i++) {
        await c.loop.pollNow();
        expect(c.version).toBe(version);
        expect(c.number("search.limit", {}, -1)).toBe(1);
        expect(c.status.consecutiveFailures).toBe(i);
      }
    } finally {
      proxy.fault = undefined;
    }
    expect(c.status.state).toBe("stale");
    expect(c.status.lastError?.code).toMatch(fault === "500" ? /E_STORE_UNAVAILABLE/ : /E_STORE_UNREACHABLE/);
    expect(stale).toBe(1);
    await c.loop.pollNow();
    expect(c.status).toMatchObject({ state: "ready", consecutiveFailures: 0, lastError: null });
    expect(recovered).toBe(1);
    await c.close();
  });

  it("a switch fetches the manifest and env file once; the manifest of a release seen before is not fetched again", async () => {
    const { c, direct } = await setup("switch");
    const b = buildRelease(files(2), 2);
    await publish(direct, b);
    const first = c.version!;
    await point(direct, "prod", { stable: b.version });
    proxy.requests.length = 0;
    await c.loop.pollNow();
    expect(c.version).toBe(b.version);
    const paths = proxy.requests.map((r) => r.path.replace(`/${s3.bucket}/switch/`, "")).sort();
    expect(paths).toEqual(["envs/prod/pointer.json", `releases/${b.version}/envs/prod.json`, `releases/${b.version}/manifest.json`, `releases/${b.version}/manifest.sig`]);
    await point(direct, "prod", { stable: first });
    proxy.requests.length = 0;
    await c.loop.pollNow();
    expect(c.version).toBe(first);
    const again = proxy.requests.map((r) => r.path.replace(`/${s3.bucket}/switch/`, "")).sort();
    expect(again).toEqual(["envs/prod/pointer.json", `releases/${first}/envs/prod.json`]);
    await c.close();
  });
});
