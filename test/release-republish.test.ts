// Black-box: the E_TAMPERED hint says "republish the release from its build". Doing exactly that restores a
// release damaged in the store (its manifest is unchanged, so the bytes it vouches for are known), while a
// published release never gains a signature or another manifest.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";

describe("publish over a published release", () => {
  it("restores an env file changed in the store, after which promote verifies", { timeout: 60_000 }, async () => {
    const repo = configRepo();
    const store = pathToFileURL(tempDir("flagctl-store-")).href;
    const run = (args: string[]) => flagctl(repo, [...args, "--store", store]);
    const r = await fakeRelease(1);
    expect((await run(["publish", r.dir])).code).toBe(0);
    const file = join(fileURLToPath(store), "releases", r.version, "envs", "dev.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("checkout", "checkoux"));

    const refused = await run(["promote", r.version, "dev"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("republish the release from its build");

    const again = await run(["publish", r.dir]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("restored envs/dev.json");
    const json = await run(["publish", r.dir, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ uploaded: [], repaired: [] });

    const promoted = await run(["promote", r.version, "dev"]);
    expect(promoted.stderr).toBe("");
    expect(promoted.code).toBe(0);
  });

  it("refuses to add a signature to a release published unsigned", { timeout: 60_000 }, async () => {
    const repo = configRepo();
    const store = pathToFileURL(tempDir("flagctl-store-")).href;
    const run = (args: string[]) => flagctl(repo, [...args, "--store", store]);
    const unsigned = await fakeRelease(2);
    const signed = await fakeRelease(2, { signKey: generateKeyPairSync("ed25519").privateKey });
    expect(signed.version).toBe(unsigned.version);
    expect((await run(["publish", unsigned.dir])).code).toBe(0);
    const r = await run(["publish", signed.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("published release");
    expect(() => readFileSync(join(fileURLToPath(store), "releases", unsigned.version, "manifest.sig"))).toThrow();
  });
});
