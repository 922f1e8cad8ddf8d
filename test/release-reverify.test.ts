// Black-box: every command that moves a pointer re-verifies the release it moves to, status re-checks what it
// shows, and log/status notice history entries deleted from the store. Real files in a file:// store.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { generateSigningKeys } from "../src/release/sign.js";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";

let repo: string;
let storeDir: string;
let store: string;
let cacheDir: string;
let v1: string;
let v2: string;
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => flagctl(repo, [...args, "--store", store], { FLAGCTL_CACHE_DIR: cacheDir, ...env });
const corrupt = (version: string, env: string) => {
  const file = join(storeDir, "releases", version, "envs", `${env}.json`);
  writeFileSync(file, readFileSync(file, "utf8").replace(/"n":\d+/, '"n":666'));
};

beforeEach(async () => {
  repo = configRepo();
  storeDir = tempDir("flagctl-store-");
  store = pathToFileURL(storeDir).href;
  cacheDir = tempDir("flagctl-cache-");
  const r1 = await fakeRelease(1);
  const r2 = await fakeRelease(2, { parent: { version: r1.version, envs: r1.envs } });
  [v1, v2] = [r1.version, r2.version];
  for (const dir of [r1.dir, r2.dir]) expect((await flagctl(repo, ["publish", dir, "--store", store])).code).toBe(0);
});

describe("pointer moves re-verify their target", () => {
  it("rollout refuses a candidate corrupted after promote, and status flags it", { timeout: 60_000 }, async () => {
    for (const env of ["staging", "dogfood", "prod"]) expect((await run(["promote", v1, env])).code).toBe(0);
    let status = await run(["status", "--exit-code"]);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain("does not verify");

    corrupt(v1, "prod");
    const r = await run(["rollout", "prod", "--to", "100", "--force", "--reason", "ship it"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("does not match the manifest");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const pointer = JSON.parse(readFileSync(join(storeDir, "envs/prod/pointer.json"), "utf8"));
    expect(pointer).toMatchObject({ stable: null, candidate: v1, percent: 1 });

    for (let i = 0; i < 2; i++) {
      // Twice: a release that failed is never remembered as verified.
      status = await run(["status", "--exit-code"]);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(new RegExp(`! prod: ${v1} does not verify \\(E_TAMPERED\\)`));
    }
    const json = JSON.parse((await run(["status", "--format", "json"])).stdout);
    const prod = json.environments.find((e: { env: string }) => e.env === "prod");
    expect(prod.unverified).toEqual([expect.objectContaining({ version: v1, code: "E_TAMPERED" })]);
    // Its next step would roll the bad candidate further: status says it is blocked instead.
    expect(prod.next).toMatchObject({ kind: "blocked", version: v1, code: "E_TAMPERED" });
    expect(status.stdout).toContain(`blocked: ${v1} does not verify (E_TAMPERED)`);
  });

  it("rollback refuses to return to a corrupted previous stable", { timeout: 60_000 }, async () => {
    expect((await run(["promote", v1, "dev"])).code).toBe(0);
    expect((await run(["promote", v2, "dev"])).code).toBe(0);
    corrupt(v1, "dev");
    const r = await run(["rollback", "dev", "--reason", "bad"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`releases/${v1}`);
    expect(JSON.parse(readFileSync(join(storeDir, "envs/dev/pointer.json"), "utf8")).stable).toBe(v2);
  });

  it("status re-checks cheaply by ETag and still sees a file changed since", { timeout: 60_000 }, async () => {
    expect((await run(["promote", v1, "dev"])).code).toBe(0);
    expect((await run(["status", "dev", "--exit-code"])).code).toBe(0);
    expect(existsSync(join(cacheDir, "verified-releases.json"))).toBe(true);
    expect((await run(["status", "dev", "--exit-code"])).code).toBe(0);
    corrupt(v1, "staging");
    const s = await run(["status", "dev", "--exit-code"]);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain("does not verify");
  });

  it("checks the signature when a verify key is given, and refuses a private key as verify key", { timeout: 60_000 }, async () => {
    const dir = tempDir("flagctl-keys-");
    const keys = generateSigningKeys();
    writeFileSync(join(dir, "k.key"), keys.privateKey);
    writeFileSync(join(dir, "k.pub"), keys.publicKey);
    expect((await run(["promote", v1, "dev"])).code).toBe(0);
    // v2 is unsigned: with a key, neither promote nor rollout nor rollback may point at it.
    const p = await run(["promote", v2, "dev", "--verify-key", join(dir, "k.pub")]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain("not signed");
    for (const args of [["promote", v2, "dev"], ["rollback", "dev"], ["rollout", "dev"], ["status"]]) {
      const r = await run([...args, "--verify-key", join(dir, "k.key")]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("is a private key");
    }
    const s = await run(["status", "dev", "--exit-code"], { FLAGCTL_VERIFY_KEY: join(dir, "k.pub") });
    expect(s.code).toBe(1);
    expect(s.stdout).toMatch(/does not verify \(E_UNSIGNED\)/);
  });
});

describe("history gaps", () => {
  it("log and status report a deleted history entry instead of a wrong from→to", { timeout: 60_000 }, async () => {
    for (const v of [v1, v2, v1]) expect((await run(["promote", v, "dev", "--force", "--reason", "x"])).code).toBe(0);
    let log = await run(["log", "dev"]);
    expect(log.stdout).not.toContain("missing");
    rmSync(join(storeDir, "envs/dev/history/0000000002.json"));
    log = await run(["log", "dev"]);
    expect(log.stdout).toContain("1 history entry missing");
    expect(log.stdout).toContain("#2");
    // Entry #3 followed #2, which is gone: its "from" is unknown, not #1's state.
    expect(log.stdout).toMatch(/#3 .*\n\s+dev: now stable v\S+ \(from: unknown, history #2 is missing\)/);
    const json = JSON.parse((await run(["log", "dev", "--format", "json"])).stdout);
    expect(json.missing).toEqual([2]);
    expect(json.entries.find((e: { seq: number }) => e.seq === 3)).toMatchObject({ change: null, previousMissing: true });
    const status = await run(["status", "dev", "--exit-code"]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("history entry missing");
    expect(fileURLToPath(store)).toBe(storeDir);
  });
});
