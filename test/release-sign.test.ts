import { createPublicKey } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildManifest, serializeManifest } from "../src/core/index.js";
import { UsageError, VerificationError } from "../src/errors.js";
import { generateSigningKeys, loadKey, signManifest, verifyManifestSignature } from "../src/release/sign.js";
import { verifyRelease } from "../src/release/verify.js";

const envBytes = { dev: Buffer.from('{"flags":{}}\n'), prod: Buffer.from('{"flags":{"a":1}}\n') };
const manifest = serializeManifest(
  buildManifest({
    project: "acme",
    version: "v20261121.120000-abc1234",
    commit: "abc1234".padEnd(40, "0"),
    dirty: false,
    commitTime: new Date("2026-11-21T12:00:00Z"),
    envs: { dev: { bytes: envBytes.dev, flags: {} }, prod: { bytes: envBytes.prod, flags: { a: "1" } } },
    parent: null,
  }),
);
const keys = generateSigningKeys();
const dir = mkdtempSync(join(tmpdir(), "flagctl-sign-"));

async function keysFromFiles() {
  writeFileSync(join(dir, "k.key"), keys.privateKey);
  writeFileSync(join(dir, "k.pub"), keys.publicKey);
  return { priv: await loadKey("private", join(dir, "k.key"), "--sign-key"), pub: await loadKey("public", join(dir, "k.pub"), "--verify-key") };
}

const reader = (files: Record<string, Buffer>) => async (p: string) => files[p] ?? null;
const envFiles = { "envs/dev.json": envBytes.dev, "envs/prod.json": envBytes.prod };

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(VerificationError);
    return (e as VerificationError).code;
  }
  throw new Error("expected a verification failure");
}

describe("signing", () => {
  it("signs deterministically and verifies", async () => {
    const { priv, pub } = await keysFromFiles();
    const sig = signManifest(manifest, priv);
    expect(sig.equals(signManifest(manifest, priv))).toBe(true);
    expect(verifyManifestSignature(manifest, sig, pub)).toBe(true);
    const m = await verifyRelease({ manifest, signature: sig }, reader(envFiles), pub, "test");
    expect(Object.keys(m.envs)).toEqual(["dev", "prod"]);
  });

  it("accepts PEM text as well as a path, and refuses non-ed25519 or garbage keys", async () => {
    const pub = await loadKey("public", keys.publicKey, "FLAGCTL_VERIFY_KEY");
    expect(pub.asymmetricKeyType).toBe("ed25519");
    await expect(loadKey("private", join(dir, "missing.key"), "--sign-key")).rejects.toBeInstanceOf(UsageError);
    writeFileSync(join(dir, "junk.pem"), "not a key");
    await expect(loadKey("public", join(dir, "junk.pem"), "--verify-key")).rejects.toBeInstanceOf(UsageError);
    await expect(loadKey("private", keys.publicKey, "--sign-key")).rejects.toBeInstanceOf(UsageError);
  });

  it("refuses a bad signature, another key's signature, and a tampered manifest", async () => {
    const { priv, pub } = await keysFromFiles();
    const sig = signManifest(manifest, priv);
    const other = createPublicKey(generateSigningKeys().publicKey);
    expect(await failure(verifyRelease({ manifest, signature: sig }, reader(envFiles), other, "t"))).toBe("E_BAD_SIGNATURE");
    expect(await failure(verifyRelease({ manifest, signature: Buffer.from("garbage\n") }, reader(envFiles), pub, "t"))).toBe("E_BAD_SIGNATURE");
    const tampered = Buffer.from(manifest.toString().replace('"acme"', '"evil"'));
    expect(await failure(verifyRelease({ manifest: tampered, signature: sig }, reader(envFiles), pub, "t"))).toBe("E_BAD_SIGNATURE");
    expect(await failure(verifyRelease({ manifest, signature: null }, reader(envFiles), pub, "t"))).toBe("E_UNSIGNED");
  });

  it("refuses a tampered, truncated or missing env file even without a key", async () => {
    const flipped = Buffer.from(envBytes.prod);
    flipped[5] ^= 1;
    expect(await failure(verifyRelease({ manifest, signature: null }, reader({ ...envFiles, "envs/prod.json": flipped }), null, "t"))).toBe("E_TAMPERED");
    expect(await failure(verifyRelease({ manifest, signature: null }, reader({ ...envFiles, "envs/dev.json": envBytes.dev.subarray(1) }), null, "t"))).toBe("E_TAMPERED");
    expect(await failure(verifyRelease({ manifest, signature: null }, reader({ "envs/dev.json": envBytes.dev }), null, "t"))).toBe("E_TAMPERED");
    expect(await failure(verifyRelease({ manifest: Buffer.from("{}"), signature: null }, reader(envFiles), null, "t"))).toBe("E_BAD_MANIFEST");
  });
});
