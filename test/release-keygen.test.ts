import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flagctl, tempDir } from "./helpers/releaseFixture.js";

describe("flagctl keygen", () => {
  it("writes an ed25519 pair, the private key mode 0600, and refuses to overwrite", async () => {
    const dir = tempDir("flagctl-keygen-");
    const r = await flagctl(dir, ["keygen", "--out", "keys/release"]).catch((e) => e);
    expect(r.code).toBe(2); // keys/ does not exist: a usage error, nothing written
    const ok = await flagctl(dir, ["keygen", "--out", "release"]);
    expect(ok.code).toBe(0);
    const priv = join(dir, "release.key");
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(readFileSync(priv)).asymmetricKeyType).toBe("ed25519");
    expect(createPublicKey(readFileSync(join(dir, "release.pub"))).asymmetricKeyType).toBe("ed25519");
    const before = readFileSync(priv);
    const again = await flagctl(dir, ["keygen", "--out", "release"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("refusing to overwrite");
    expect(readFileSync(priv).equals(before)).toBe(true);
    // Only the public key exists: still refused, and no private key is left behind.
    writeFileSync(join(dir, "half.pub"), "x");
    expect((await flagctl(dir, ["keygen", "--out", "half"])).code).toBe(2);
    expect(() => statSync(join(dir, "half.key"))).toThrow();
  });
});
