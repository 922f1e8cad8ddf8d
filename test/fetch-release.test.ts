// The release fetch/verify use case a runtime and pointer moves share, against a real file:// store.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fetchEnv, fetchRelease } from "../src/app/fetchRelease.js";
import { assembleRelease } from "../src/release/build.js";
import { openStore } from "../src/store/openStore.js";
import { putRelease } from "../src/store/putRelease.js";

const dir = mkdtempSync(join(tmpdir(), "flagctl-fetch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = openStore(`file://${dir}`);
const keys = generateKeyPairSync("ed25519");
const envs = { dev: Buffer.from('{"env":"dev"}\n'), prod: Buffer.from('{"env":"prod"}\n') };
const git = { commit: "a".repeat(40), commitTime: new Date("2026-11-21T10:00:00Z"), dirty: false };
const release = assembleRelease({ project: "p", git, envs, parent: null, signKey: keys.privateKey });

describe("fetchRelease and fetchEnv", () => {
  it("return a published release and one environment's bytes, verified against the signature", async () => {
    await putRelease(store, release.version, release.files);
    expect((await fetchRelease(store, release.version, keys.publicKey)).manifest.version).toBe(release.version);
    const one = await fetchEnv(store, release.version, "prod", keys.publicKey);
    expect(one.env.equals(envs.prod)).toBe(true);
  });

  it("refuse an unknown environment, a tampered env file and another key", async () => {
    await expect(fetchEnv(store, release.version, "qa", keys.publicKey)).rejects.toMatchObject({ code: "E_NO_SUCH_ENV" });
    const other = generateKeyPairSync("ed25519");
    await expect(fetchEnv(store, release.version, "prod", other.publicKey)).rejects.toMatchObject({ code: "E_BAD_SIGNATURE" });
    writeFileSync(join(dir, "releases", release.version, "envs/dev.json"), '{"env":"evil"}\n');
    await expect(fetchEnv(store, release.version, "dev", keys.publicKey)).rejects.toMatchObject({ code: "E_TAMPERED" });
    await expect(fetchRelease(store, release.version, keys.publicKey)).rejects.toMatchObject({ code: "E_TAMPERED" });
    // The untouched environment still loads: a runtime verifies only what it serves.
    expect((await fetchEnv(store, release.version, "prod", keys.publicKey)).env.equals(envs.prod)).toBe(true);
  });
});
