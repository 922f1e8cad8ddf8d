// The SDK and `flagctl eval` are one engine: for this repository's own config (flags/, segments/), a release
// built from it and loaded by the SDK from a store answers every flag exactly as `flagctl eval --all` does
// for the same environment, statics and random contexts (wrong-typed attributes included).
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/sdk/index.js";
import { FileStore } from "../src/store/index.js";
import { readRepoFiles } from "../src/repo/readRepo.js";
import { ROOT } from "./helpers/dist.js";
import { runCli } from "./helpers/runCli.js";
import { buildRelease, point, publish } from "./helpers/runtimeFixture.js";

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
// Values near the ones the repo's rules name, plus noise and the odd wrong type.
const contextArb = fc
  .record({
    user: maybe(fc.oneof(pick("U024BE7LD", "U1", "user-1", "Zoë", ""), fc.string({ maxLength: 8 }), pick(42 as unknown as string))),
    team: maybe(pick("T024BE7LD", "T0ABCDEF1", "T0STAFF01", "T9")),
    email: maybe(pick("ann@acme.com", "bob@example.org", "x@acme.co", "")),
    country: maybe(pick("US", "DE", "CN", "RU", "FR", "GB", "BR")),
    plan: maybe(pick("free", "pro", "enterprise", "gold")),
    orgSize: maybe(fc.oneof(fc.integer({ min: 0, max: 20_000 }), pick("big" as unknown as number))),
    beta: maybe(fc.boolean()),
    signupAt: maybe(pick("2020-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z", "not a time")),
    appVersion: maybe(pick("4.1.0", "4.2.0", "5.0.0-beta.1", "3.9.9", "x")),
    platform: maybe(pick("web", "ios", "android")),
    userAgent: maybe(pick("Mozilla/5.0", "curl/8", "Slackbot")),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

const files = Object.fromEntries(readRepoFiles(ROOT).map((f) => [f.path, Buffer.from(f.bytes).toString("utf8")]));
const release = buildRelease(files, 7);
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe("SDK values equal flagctl eval", () => {
  it.each([
    ["prod", "web-12", "us-east-1"],
    ["prod", "web-canary-3", "eu-west-1"],
    ["dogfood", "admin-2", "us-east-1"],
    ["staging", "push-canary-1", "eu-west-1"],
    ["dev", "web-1", "us-east-1"],
  ])("%s on host %s in %s", async (env, host, region) => {
    const store = new FileStore(mkdtempSync(path.join(os.tmpdir(), "flagctl-eq-")));
    await publish(store, release);
    await point(store, env, { stable: release.version });
    const client = createClient({ store, env, host, statics: { region }, poll: 3_600_000 });
    clients.push(client);
    expect(await client.ready()).toBe(true);

    const contexts = fc.sample(contextArb, { numRuns: 300, seed: env.length * 7919 + host.length });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "flagctl-eq-")), "contexts.jsonl");
    writeFileSync(file, contexts.map((c) => JSON.stringify(c)).join("\n") + "\n");
    const run = await runCli(ROOT, "eval", "--all", "--env", env, "--static", `host=${host}`, "--static", `region=${region}`, "--contexts", file, "--format", "json");
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trim().split("\n").map((l) => JSON.parse(l) as { context: Record<string, unknown>; results: Record<string, { value: unknown; variation: string | null; reason: { kind: string } }> });
    expect(lines).toHaveLength(contexts.length);
    let errors = 0;
    for (const [i, line] of lines.entries()) {
      const all = client.all(contexts[i]);
      expect(Object.keys(all).sort()).toEqual(Object.keys(line.results).sort());
      for (const [key, want] of Object.entries(line.results)) {
        const got = client.detail(key, contexts[i], null);
        expect({ key, value: got.value, variation: got.variation, reason: got.reason }).toEqual({ key, value: want.value, variation: want.variation, reason: want.reason.kind });
        expect(all[key].value).toEqual(want.value);
        if (want.reason.kind === "ERROR") errors++;
      }
    }
    // In prod the sample reaches the error paths too (wrong-typed attributes), not only the happy ones.
    if (env === "prod") expect(errors).toBeGreaterThan(0);
  });
});
