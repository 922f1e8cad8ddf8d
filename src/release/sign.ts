// ed25519 signing of release manifests (node:crypto). The signature covers the manifest's exact bytes; the
// manifest in turn pins every environment file by sha256 and size.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";

export interface PemKeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateSigningKeys(): PemKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** manifest.sig: the base64 ed25519 signature of manifest.json's bytes, and a newline. */
export function signManifest(manifest: Uint8Array, privateKey: KeyObject): Buffer {
  return Buffer.from(`${sign(null, manifest, privateKey).toString("base64")}\n`, "utf8");
}

export function verifyManifestSignature(manifest: Uint8Array, sig: Uint8Array, publicKey: KeyObject): boolean {
  const text = Buffer.from(sig).toString("utf8").trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  const raw = Buffer.from(text, "base64");
  if (raw.length !== 64) return false;
  try {
    return verify(null, manifest, publicKey, raw);
  } catch {
    return false;
  }
}

/**
 * A key given on the command line, in the environment or to the SDK: PEM text itself (what CI secrets usually
 * hold) or the path of a PEM file. `from` names where it came from, for messages.
 */
export const loadKey = async (kind: "private" | "public", spec: string, from: string): Promise<KeyObject> => readKey(kind, spec, from);

export function readKey(kind: "private" | "public", spec: string, from: string): KeyObject {
  let pem = spec;
  if (!spec.trimStart().startsWith("-----BEGIN")) {
    try {
      pem = readFileSync(spec, "utf8");
    } catch (e) {
      throw new UsageError(
        `cannot read the ${kind} key ${spec} (${from}): ${(e as NodeJS.ErrnoException).code ?? e}`,
        kind === "private" ? "give the .key file flagctl keygen wrote, or its PEM text" : "give the .pub file flagctl keygen wrote, or its PEM text",
      );
    }
  }
  // createPublicKey accepts a private key too (it derives the public half), which would let a private key
  // travel as a "verify key" into CI logs and hosts' config: refuse it.
  if (kind === "public" && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new UsageError(
      `${from} is a private key; verifying needs the public key only`,
      "pass the .pub file flagctl keygen wrote next to the private key, and keep the private key where only the build can read it",
    );
  }
  try {
    const key = kind === "private" ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.asymmetricKeyType !== "ed25519") throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (e) {
    throw new UsageError(
      `the ${kind} key from ${from} is not an ed25519 ${kind} key in PEM form (${(e as Error).message})`,
      "create a key pair with: flagctl keygen",
    );
  }
}
