// The whole-release fetch/verify that every pointer move runs, against a real file:// store.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fetchRelease } from "../src/app/index.js";
import { assembleRelease } from "../src/release/build.js";
import { openStore, putRelease } from "../src/store/index.js";

const dir = mkdtempSync(join(tmpdir(), "flagctl-fetch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = openStore(`file://${dir}`);
const keys = generateKeyPairSync("ed25519");
const envs = { dev: Buffer.from('{"env":"dev"}\n'), prod: Buffer.from('{"env":"prod"}\n') };
const git = { commit: "a".repeat(40), commitTime: new Date("2026-11-21T10:00:00Z"), dirty: false };
const release = assembleRelease({ project: "p", git, envs, parent: null, signKey: keys.privateKey });

describe("fetchRelease", () => {
  it("returns a published release, verified against the signature", async () => {
    await putRelease(store, release.version, release.files);
    expect((await fetchRelease(store, release.version, keys.publicKey)).manifest.version).toBe(release.version);
  });

  it("refuses another key, an unknown version and a tampered env file", async () => {
    const other = generateKeyPairSync("ed25519");
    await expect(fetchRelease(store, release.version, other.publicKey)).rejects.toMatchObject({ code: "E_BAD_SIGNATURE" });
    await expect(fetchRelease(store, "v20261121.100000-bbbbbbb", keys.publicKey)).rejects.toMatchObject({ code: "E_NO_SUCH_RELEASE" });
    writeFileSync(join(dir, "releases", release.version, "envs/dev.json"), '{"env":"evil"}\n');
    await expect(fetchRelease(store, release.version, keys.publicKey)).rejects.toMatchObject({ code: "E_TAMPERED" });
  });
});
