// Black-box: node bin/flagctl.js (dist/, built by `npm run build`) against a file:// store in a temp dir.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";

let repo: string;
let store: string;
let v1: string;
let v2: string;
const run = (args: string[], env?: NodeJS.ProcessEnv) => flagctl(repo, [...args, "--store", store], env);

beforeAll(async () => {
  repo = configRepo();
  store = pathToFileURL(tempDir("flagctl-store-")).href;
  const r1 = await fakeRelease(1);
  const r2 = await fakeRelease(2, { parent: { version: r1.version, envs: r1.envs } });
  v1 = r1.version;
  v2 = r2.version;
  for (const dir of [r1.dir, r2.dir]) {
    const p = await flagctl(repo, ["publish", dir, "--store", store]);
    // Nothing but the progress line a publish over a second prints (one per second when not a TTY), which a
    // loaded machine can reach.
    expect(p.stderr.replace(/^publishing v\S+: .*\n/gm, "")).toBe("");
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/published v2026/);
  }
});

describe("promote / rollout / rollback on file://", () => {
  it("publish is idempotent", async () => {
    const r = await fakeRelease(1);
    const again = await flagctl(repo, ["publish", r.dir, "--store", store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already in");
  });

  it("walks a release through the pipeline with bake times, refusals and rollback", { timeout: 120_000 }, async () => {
    // Pipeline order: prod refuses what dogfood does not have.
    let r = await run(["promote", v1, "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not stable in dogfood");

    for (const env of ["staging", "dogfood"]) {
      r = await run(["promote", v1, env]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${v1} is now stable`);
    }
    r = await run(["promote", v1, "prod"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("candidate at 1%");

    // Bake time: 15m in flagctl.yaml.
    r = await run(["rollout", "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bake time is 15m");
    r = await run(["rollout", "prod", "--bake", "0s"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("at 10%");
    r = await run(["rollout", "prod", "--to", "75"], { FLAGCTL_BAKE_SCALE: "0" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("skips the 50% step");
    r = await run(["rollout", "prod"], { FLAGCTL_BAKE_SCALE: "0" });
    expect(r.stdout).toContain("at 50%");

    const status = await run(["status", "--format", "json", "--bake", "0s"]);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    const prod = s.environments.find((e: { env: string }) => e.env === "prod");
    expect(prod).toMatchObject({ stable: null, candidate: v1, percent: 50, next: { kind: "rollout", toPercent: 100, dueInMs: 0 } });
    const text = await run(["status"]);
    expect(text.stdout).toMatch(/prod\s+-\s+v2026\S+\s+\[#{10}\.{10}\]\s+50%/);
    expect(text.stdout).not.toContain("holds no releases");
    // A mistyped store looks like an empty one; status says which it is.
    const typo = await flagctl(repo, ["status", "--store", `${store}-typo`]);
    expect(typo.code).toBe(0);
    expect(typo.stdout).toContain("the store holds no releases");

    r = await run(["rollout", "prod", "--force"]);
    expect(r.stdout).toContain(`${v1} is now stable`);

    // A second release, and rollbacks.
    for (const env of ["staging", "dogfood"]) expect((await run(["promote", v2, env])).code).toBe(0);
    expect((await run(["promote", v2, "prod"])).code).toBe(0);
    r = await run(["rollback", "prod", "--reason", "error rate up"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`dropped candidate ${v2}`);
    r = await run(["rollback", "dogfood"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`back to ${v1}`);
    r = await run(["rollback", "dogfood"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no earlier stable release");

    // Forced promote past the pipeline, recorded.
    r = await run(["promote", v2, "prod", "--force"]);
    expect(r.code).toBe(2);
    r = await run(["promote", v2, "prod", "--force", "--reason", "INC-42"]);
    expect(r.code).toBe(0);

    const log = await run(["log", "prod"]);
    expect(log.code).toBe(0);
    expect(log.stdout).toContain("INC-42 [forced: not stable in dogfood]");
    expect(log.stdout).toContain("why: error rate up");
    expect(log.stdout).toContain("tester");
    expect(log.stdout).toContain("~ checkout.new-flow (changed in dev, dogfood, prod, staging)");
    expect(log.stdout).toMatch(/1% → 10%/);
    const json = JSON.parse((await run(["log", "prod", "--format", "json", "--limit", "3"])).stdout);
    expect(json.entries.map((e: { seq: number }) => e.seq)).toEqual([7, 6, 5]);

    // History has every state, seq 1..n, no gaps.
    const hist = readdirSync(join(new URL(store).pathname, "envs/prod/history")).sort();
    expect(hist).toEqual(Array.from({ length: 7 }, (_, i) => `${String(i + 1).padStart(10, "0")}.json`));
  });

  it("refuses unknown releases and environments", async () => {
    expect((await run(["promote", "v20990101.000000-0000000", "dev"])).stderr).toContain("not in");
    // An unknown environment and a malformed version are usage errors (exit 2), as in every command.
    const r = await run(["promote", v1, "moon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "moon"');
    expect((await run(["promote", "latest", "dev"])).code).toBe(2);
  });

  it("refuses a dirty release without --allow-dirty", async () => {
    const d = await fakeRelease(9, { dirty: true });
    const r = await flagctl(repo, ["publish", d.dir, "--store", store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--allow-dirty");
    expect((await flagctl(repo, ["publish", d.dir, "--store", store, "--allow-dirty"])).code).toBe(0);
  });

  it("refuses a tampered env file in the build dir and in the store", async () => {
    const d = await fakeRelease(10);
    const envFile = join(d.dir, "envs/prod.json");
    const good = readFileSync(envFile);
    writeFileSync(envFile, Buffer.concat([good, Buffer.from(" ")]));
    let r = await flagctl(repo, ["publish", d.dir, "--store", store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("does not match the manifest");
    writeFileSync(envFile, good);
    expect((await flagctl(repo, ["publish", d.dir, "--store", store])).code).toBe(0);
    const inStore = join(new URL(store).pathname, "releases", d.version, "envs/dev.json");
    writeFileSync(inStore, readFileSync(inStore).toString().replace('"n":10', '"n":11'));
    r = await run(["promote", d.version, "dev"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("envs/dev.json does not match the manifest");
  });

  it("store unreachable: exit 3, nothing changed", async () => {
    const r = await flagctl(repo, ["promote", v1, "dev", "--store", "s3://no-bucket/x"], {
      FLAGCTL_S3_ENDPOINT: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "y",
      AWS_REGION: "us-east-1",
      FLAGCTL_S3_MAX_ATTEMPTS: "1",
    });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain("    at ");
  });
});
