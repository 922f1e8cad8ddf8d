// Black-box release cycle on s3:// (real s3rver behind the conditional-write proxy), plus signatures and
// store failures through the CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeys } from "../src/release/sign.js";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";
import { startFailingServer, startS3Server, type S3TestServer } from "./helpers/s3server.js";

let s3: S3TestServer;
let repo: string;
beforeAll(async () => {
  s3 = await startS3Server();
  repo = configRepo();
});
afterAll(async () => {
  await s3?.stop();
});

describe("release cycle on s3://", () => {
  it("publish, promote through the pipeline, roll out, roll back, status, log", { timeout: 120_000 }, async () => {
    const store = s3.storeUrl("web");
    const run = (...args: string[]) => flagctl(repo, [...args, "--store", store], s3.env);
    const r1 = await fakeRelease(1);
    const r2 = await fakeRelease(2, { parent: { version: r1.version, envs: r1.envs } });
    for (const r of [r1, r2]) {
      const p = await flagctl(repo, ["publish", r.dir, "--store", store], s3.env);
      // Only progress lines, which a slow (loaded) run prints after a second; no warning or error.
      expect(p.stderr.split("\n").filter((l) => l && !l.startsWith(`publishing ${r.version}: `))).toEqual([]);
      expect(p.code).toBe(0);
    }
    expect((await flagctl(repo, ["publish", r1.dir, "--store", store], s3.env)).stdout).toContain("already in");

    for (const env of ["staging", "dogfood"]) expect((await run("promote", r1.version, env)).code).toBe(0);
    expect((await run("promote", r1.version, "prod")).code).toBe(0);
    expect((await run("rollout", "prod")).code).toBe(1); // baking
    for (const pct of [10, 50]) expect((await run("rollout", "prod", "--bake", "0s")).stdout).toContain(`at ${pct}%`);
    expect((await run("rollout", "prod", "--bake", "0s")).stdout).toContain(`${r1.version} is now stable`);

    expect((await run("promote", r2.version, "staging")).code).toBe(0);
    expect((await run("rollback", "staging", "--reason", "bad")).stdout).toContain(`back to ${r1.version}`);

    const status = JSON.parse((await run("status", "--format", "json")).stdout);
    const byEnv = Object.fromEntries(status.environments.map((e: { env: string }) => [e.env, e]));
    expect(byEnv.prod).toMatchObject({ stable: r1.version, candidate: null, seq: 4 });
    expect(byEnv.staging).toMatchObject({ stable: r1.version, seq: 3 });

    const log = JSON.parse((await run("log", "staging", "--format", "json")).stdout);
    expect(log.entries.map((e: { seq: number }) => e.seq)).toEqual([3, 2, 1]);
    expect(log.entries[0]).toMatchObject({ reason: "bad", by: "tester" });
    expect(log.entries[1].releases[0]).toMatchObject({ version: r2.version, parent: r1.version });
    expect(log.entries[1].releases[0].changedFlags.map((c: { key: string }) => c.key)).toEqual(["checkout.new-flow"]);
  });

  it("a store that ignores conditional writes is refused (exit 3) unless --unsafe-no-cas", { timeout: 60_000 }, async () => {
    const raw = { ...s3.env, FLAGCTL_S3_ENDPOINT: s3.rawEndpoint };
    const store = s3.storeUrl("raw");
    const r1 = await fakeRelease(1);
    expect((await flagctl(repo, ["publish", r1.dir, "--store", store, "--unsafe-no-cas"], raw)).code).toBe(0);
    const refused = await flagctl(repo, ["promote", r1.version, "dev", "--store", store], raw);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("ignores conditional writes");
    expect((await flagctl(repo, ["promote", r1.version, "dev", "--store", store, "--unsafe-no-cas"], raw)).code).toBe(0);
  });

  it("a store answering 500: exit 3 with a clear message, nothing changed", { timeout: 60_000 }, async () => {
    const failing = await startFailingServer(500);
    try {
      const r = await flagctl(repo, ["promote", "v20261121.100001-0000001", "dev", "--store", "s3://b/p"], {
        ...s3.env,
        FLAGCTL_S3_ENDPOINT: failing.endpoint,
        FLAGCTL_S3_MAX_ATTEMPTS: "2",
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^flagctl: /);
      expect(r.stderr).not.toContain("    at ");
    } finally {
      await failing.stop();
    }
  });
});

describe("signatures through the CLI", () => {
  it("promote and publish refuse a release signed with another key, and an unsigned one when a key is required", async () => {
    const store = pathToFileURL(tempDir("flagctl-store-")).href;
    const keys = generateSigningKeys();
    const other = generateSigningKeys();
    const dir = tempDir("flagctl-keys-");
    writeFileSync(join(dir, "good.pub"), keys.publicKey);
    writeFileSync(join(dir, "other.pub"), other.publicKey);
    const signed = await fakeRelease(3, { signKey: createPrivateKey(keys.privateKey) });
    const unsigned = await fakeRelease(4);

    let r = await flagctl(repo, ["publish", signed.dir, "--store", store, "--verify-key", join(dir, "other.pub")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("manifest.sig does not match");
    r = await flagctl(repo, ["publish", signed.dir, "--store", store], { FLAGCTL_VERIFY_KEY: keys.publicKey });
    expect(r.code).toBe(0);
    expect((await flagctl(repo, ["publish", unsigned.dir, "--store", store])).code).toBe(0);

    r = await flagctl(repo, ["promote", signed.version, "dev", "--store", store, "--verify-key", join(dir, "other.pub")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("manifest.sig does not match");
    r = await flagctl(repo, ["promote", unsigned.version, "dev", "--store", store], { FLAGCTL_VERIFY_KEY: join(dir, "good.pub") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not signed");
    r = await flagctl(repo, ["promote", signed.version, "dev", "--store", store, "--verify-key", join(dir, "good.pub")]);
    expect(r.code).toBe(0);
  });
});
