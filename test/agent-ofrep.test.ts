// `flagctl agent` as a client sees it: the built CLI serving a real release from a file:// store, checked
// against the OFREP v1 response schemas and driven by the published OpenFeature OFREP provider.
import { readFileSync } from "node:fs";
import net from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { OpenFeature } from "@openfeature/server-sdk";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucket } from "../src/core/index.js";
import { openStore, writePointer } from "../src/store/index.js";
import { fixtureRelease, postJson, publishFixture, startAgentProcess, type AgentProcess } from "./helpers/agentFixture.js";
import { requireFreshDist } from "./helpers/dist.js";
import { tempDir } from "./helpers/releaseFixture.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(JSON.parse(readFileSync(new URL("./fixtures/ofrep-v1.schema.json", import.meta.url), "utf8")), "ofrep");
function conforms(def: string, body: unknown): void {
  const validate = ajv.getSchema(`ofrep#/$defs/${def}`)!;
  if (!validate(body)) throw new Error(`not an OFREP ${def}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}

let agent: AgentProcess;
let version: string;
const url = (p: string) => `${agent.url}${p}`;
const single = (key: string, body: unknown, headers?: Record<string, string>) => postJson(url(`/ofrep/v1/evaluate/flags/${key}`), body, headers);
const bulk = (body: unknown, headers?: Record<string, string>) => postJson(url("/ofrep/v1/evaluate/flags"), body, headers);

beforeAll(async () => {
  requireFreshDist();
  const dir = tempDir("flagctl-agent-ofrep-");
  const store = openStore(`file://${dir}`);
  // flagctl.yaml's runtime.targetingKey: team (the default, user, is what the SDK's own tests cover).
  const rel = fixtureRelease(1, { targetingKey: "team" });
  version = rel.version;
  await publishFixture(store, rel);
  await writePointer(store, "prod", null, { stable: version, candidate: null, percent: 0, updatedAt: new Date().toISOString(), by: "t", reason: "" });
  agent = await startAgentProcess(["--env", "prod", "--host", "web-1", "--store", `file://${dir}`, "--poll", "200ms", "--static", "region=eu-west-1"]);
  const ready = await fetch(url("/readyz"));
  if (ready.status !== 200) await new Promise((r) => setTimeout(r, 1000));
});

afterAll(async () => {
  expect(await agent?.stop()).toBe(0);
});

describe("OFREP single-flag evaluation", () => {
  it("serves every type with OFREP reasons and flagctl metadata", async () => {
    const meta = { version, seq: 1, track: "stable" };
    let r = await single("demo.release", { context: {} });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.json).toEqual({ key: "demo.release", value: "r1", reason: "STATIC", variant: "r1", metadata: { ...meta, flagctlReason: "STATIC" } });
    conforms("serverEvaluationSuccess", r.json);

    r = await single("checkout.new-flow", { context: { user: "U1", team: "T2" } });
    expect(r.json).toMatchObject({ value: true, reason: "TARGETING_MATCH", variant: "true", metadata: { flagctlReason: "RULE_MATCH" } });
    conforms("serverEvaluationSuccess", r.json);

    const u = "user-1";
    const inTrue = bucket("checkout.new-flow", u) < 50_000;
    r = await single("checkout.new-flow", { context: { user: u } });
    expect(r.json).toMatchObject({ value: inTrue, reason: "SPLIT", metadata: { flagctlReason: "SPLIT" } });

    r = await single("search.limit", { context: { age: 30 } });
    expect(r.json).toMatchObject({ value: 50, reason: "TARGETING_MATCH" });
    r = await single("search.limit", { context: {} });
    expect(r.json).toMatchObject({ value: 20, reason: "DEFAULT", metadata: { flagctlReason: "FALLTHROUGH" } });
    conforms("serverEvaluationSuccess", r.json);

    // region is the agent's --static: decided once at load.
    r = await single("ui.theme", {});
    expect(r.json).toMatchObject({ value: { bg: "#000" }, variant: "dark", reason: "TARGETING_MATCH" });
    conforms("serverEvaluationSuccess", r.json);

    r = await single("ui.unset", {});
    expect(r.json).toMatchObject({ value: true, reason: "DEFAULT", metadata: { flagctlReason: "DEFAULT" } });
  });

  it("fills the attribute flagctl.yaml's runtime.targetingKey names from targetingKey, unless the context sets it", async () => {
    let r = await single("checkout.new-flow", { context: { targetingKey: "T1", user: "u" } });
    expect(r.json).toMatchObject({ value: true, reason: "TARGETING_MATCH" });
    r = await single("checkout.new-flow", { context: { targetingKey: "T1", team: "T9", user: "u" } });
    expect(r.json).toMatchObject({ reason: "SPLIT" });
    // Without runtime.targetingKey it would have been the rollout's unit (user): it is not.
    r = await single("checkout.new-flow", { context: { targetingKey: "u" } });
    expect(r.json).toMatchObject({ errorCode: "TARGETING_KEY_MISSING" });
  });

  it("answers errors with the OFREP codes and statuses", async () => {
    let r = await single("no.such-flag", { context: {} });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ key: "no.such-flag", errorCode: "FLAG_NOT_FOUND" });
    conforms("flagNotFound", r.json);

    r = await single("search.limit", '{"context": {');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ key: "search.limit", errorCode: "PARSE_ERROR" });
    conforms("evaluationFailure", r.json);

    r = await single("search.limit", { context: { age: "thirty" } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ key: "search.limit", errorCode: "INVALID_CONTEXT" });
    expect((r.json as { errorDetails: string }).errorDetails).toContain("age");
    conforms("evaluationFailure", r.json);

    r = await single("checkout.new-flow", { context: "not an object" });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errorCode: "INVALID_CONTEXT" });

    // a missing bucketing attribute: the rollout has no unit
    r = await single("checkout.new-flow", { context: {} });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errorCode: "TARGETING_KEY_MISSING" });
    conforms("evaluationFailure", r.json);

    const get = await fetch(url("/ofrep/v1/evaluate/flags/demo.release"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await fetch(url("/nope"))).status).toBe(404);
    // A POST to a mistyped path is an unknown endpoint, not a wrong method ("use GET, HEAD" sent people astray).
    const typo = await postJson(url("/ofrep/v1/evaluate/flag/demo.release"), { context: {} });
    expect(typo.status).toBe(404);
    expect((typo.json as { errorDetails: string }).errorDetails).toContain("no such endpoint");
  });

  it("refuses a body over 1 MiB with 413 and keeps serving", async () => {
    const big = JSON.stringify({ context: { user: "x".repeat(1024 * 1024) } });
    const r = await single("demo.release", big);
    expect(r.status).toBe(413);
    // A chunked body without Content-Length is cut off as it streams.
    const status = await new Promise<string>((resolve, reject) => {
      const port = Number(new URL(agent.url).port);
      const sock = net.connect(port, "127.0.0.1", () => {
        sock.write("POST /ofrep/v1/evaluate/flags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n");
        const chunk = "a".repeat(64 * 1024);
        for (let i = 0; i < 20; i++) sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      let got = "";
      sock.on("data", (d) => (got += String(d)));
      sock.on("error", () => resolve(got.split("\r\n")[0]));
      sock.on("close", () => resolve(got.split("\r\n")[0]));
      setTimeout(() => reject(new Error("no answer")), 10_000);
    });
    expect(status).toBe("HTTP/1.1 413 Payload Too Large");
    expect((await single("demo.release", {})).status).toBe(200);
  });
});

describe("OFREP bulk evaluation", () => {
  it("returns every flag, with a strong ETag of the body and 304 only for the same answer", async () => {
    const ctx = { context: { user: "U1", age: 40 } };
    const r = await bulk(ctx);
    expect(r.status).toBe(200);
    conforms("bulkEvaluationSuccess", r.json);
    const flags = (r.json as { flags: { key: string }[] }).flags;
    expect(flags.map((f) => f.key)).toEqual(["checkout.new-flow", "demo.release", "search.limit", "ui.theme", "ui.unset"]);
    const etag = r.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);

    const again = await bulk(ctx, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    // Another context gets a fresh answer even with the first one's tag.
    const other = await bulk({ context: { user: "U1", age: 10 } }, { "if-none-match": etag });
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
    expect((other.json as { flags: { key: string; value: unknown }[] }).flags.find((f) => f.key === "search.limit")!.value).toBe(20);
    // W/ and lists are understood.
    expect((await bulk(ctx, { "if-none-match": `"x", W/${etag}` })).status).toBe(304);
  });

  it("lists flags that cannot be evaluated for the context as failures, and a bad body as a bulk failure", async () => {
    const r = await bulk({ context: { age: "old" } });
    expect(r.status).toBe(200);
    conforms("bulkEvaluationSuccess", r.json);
    const byKey = Object.fromEntries((r.json as { flags: { key: string }[] }).flags.map((f) => [f.key, f]));
    expect(byKey["search.limit"]).toMatchObject({ errorCode: "INVALID_CONTEXT" });
    expect(byKey["checkout.new-flow"]).toMatchObject({ errorCode: "TARGETING_KEY_MISSING" });
    expect(byKey["demo.release"]).toMatchObject({ value: "r1" });

    const bad = await bulk("{nope");
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ errorCode: "PARSE_ERROR" });
    conforms("bulkEvaluationFailure", bad.json);
  });
});

describe("health, readiness, status, metrics", () => {
  it("reports what runs and counts what it served", async () => {
    expect((await fetch(url("/healthz"))).status).toBe(200);
    expect((await fetch(url("/readyz"))).status).toBe(200);
    const status = await (await fetch(url("/status"))).json();
    expect(status).toMatchObject({
      env: "prod",
      host: "web-1",
      state: "ready",
      release: { version, seq: 1, track: "stable" },
      source: "store",
      pointer: { seq: 1, stable: version, candidate: null, percent: 0 },
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(Object.keys(status).sort()).toEqual(["consecutiveFailures", "env", "host", "lastError", "lastSuccessAt", "pointer", "release", "source", "state"]);
    await single("demo.release", {});
    const res = await fetch(url("/metrics"));
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^flagctl_agent_evaluations_total\{flag="demo.release",reason="STATIC"\} [1-9]\d*$/m);
    expect(text).toMatch(/^flagctl_agent_evaluations_total\{flag="search.limit",reason="ERROR"\} [1-9]\d*$/m);
    expect(text).toMatch(/^flagctl_agent_polls_total\{outcome="not-modified"\} \d+$/m);
    expect(text).toMatch(/^flagctl_agent_release_switches_total 0$/m);
    expect(text).toMatch(/^flagctl_agent_stale 0$/m);
    expect(text).toContain(`flagctl_agent_release_info{env="prod",host="web-1",version="${version}",seq="1",track="stable",source="store"} 1`);
    // Every sample line is `name{labels} value` with a HELP and TYPE before its family.
    for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{(\w+="([^"\\]|\\.)*",?)+\})? -?[\d.e+]+)$/);
  });
});

describe("the published OpenFeature OFREP provider against the agent", () => {
  it("resolves values, variants, reasons, metadata and errors as a real client", async () => {
    await OpenFeature.setProviderAndWait("agent", new OFREPProvider({ baseUrl: agent.url }));
    const client = OpenFeature.getClient("agent");
    expect(await client.getStringValue("demo.release", "fallback")).toBe("r1");
    const d = await client.getBooleanDetails("checkout.new-flow", false, { targetingKey: "U9", team: "T1" });
    expect(d).toMatchObject({ value: true, reason: "TARGETING_MATCH", variant: "true", flagMetadata: { version, seq: 1, track: "stable", flagctlReason: "RULE_MATCH" } });
    expect(await client.getNumberValue("search.limit", 0, { targetingKey: "U9", age: 21 })).toBe(50);
    expect(await client.getObjectValue("ui.theme", {})).toEqual({ bg: "#000" });
    const missing = await client.getBooleanDetails("no.such-flag", true);
    expect(missing).toMatchObject({ value: true, errorCode: "FLAG_NOT_FOUND", reason: "ERROR" });
    const invalid = await client.getNumberDetails("search.limit", 7, { targetingKey: "U9", age: "x" });
    expect(invalid).toMatchObject({ value: 7, errorCode: "INVALID_CONTEXT" });
    const wrongType = await client.getNumberDetails("demo.release", 7);
    expect(wrongType).toMatchObject({ value: 7, errorCode: "TYPE_MISMATCH" });
    await OpenFeature.close();
  });
});

describe("nothing loaded", () => {
  it("a first start with neither store nor cache answers 503 with Retry-After, and /readyz is 503", async () => {
    const dir = tempDir("flagctl-agent-empty-");
    const a = await startAgentProcess(["--env", "prod", "--host", "web-1", "--store", `file://${dir}`, "--poll", "2s"]);
    try {
      const r = await postJson(`${a.url}/ofrep/v1/evaluate/flags/demo.release`, {});
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("2");
      const b = await postJson(`${a.url}/ofrep/v1/evaluate/flags`, {});
      expect(b.status).toBe(503);
      expect((await fetch(`${a.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${a.url}/status`)).json()).toMatchObject({ state: "not-ready", release: null, source: null });
    } finally {
      expect(await a.stop("SIGINT")).toBe(0);
    }
  });
});
