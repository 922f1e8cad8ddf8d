// Verifying a release before it is trusted: the signature over the manifest (when a public key is configured),
// then every environment file against the manifest's sha256 and size.
import type { KeyObject } from "node:crypto";
import { parseManifest, sha256Hex, type Manifest } from "../core/release/manifest.js";
import { VerificationError } from "../errors.js";
import { verifyManifestSignature } from "./sign.js";

export interface ReleaseFiles {
  manifest: Uint8Array;
  /** manifest.sig, or null when the release is unsigned. */
  signature: Uint8Array | null;
}

/** Checks the manifest's signature and shape; returns the parsed manifest. */
export function verifyManifest(files: ReleaseFiles, publicKey: KeyObject | null, where: string): Manifest {
  if (publicKey) {
    if (!files.signature) {
      throw new VerificationError(`${where}: release is not signed (no manifest.sig) but a verify key is configured`, "build with --sign-key, or do not pass a verify key", "E_UNSIGNED");
    }
    if (!verifyManifestSignature(files.manifest, files.signature, publicKey)) {
      throw new VerificationError(`${where}: manifest.sig does not match manifest.json for the configured verify key`, "the manifest was changed after signing, or it was signed with another key", "E_BAD_SIGNATURE");
    }
  }
  const parsed = parseManifest(files.manifest);
  if (!parsed.ok) throw new VerificationError(`${where}: ${parsed.message}`, undefined, "E_BAD_MANIFEST");
  return parsed.manifest;
}

export function verifyEnvFile(manifest: Manifest, env: string, bytes: Uint8Array, where: string): void {
  const entry = manifest.envs[env];
  if (!entry) throw new VerificationError(`${where}: release ${manifest.version} has no environment "${env}"`, undefined, "E_NO_SUCH_ENV");
  if (bytes.byteLength !== entry.size || sha256Hex(bytes) !== entry.sha256) {
    throw new VerificationError(
      `${where}: ${entry.path} does not match the manifest (sha256 ${sha256Hex(bytes).slice(0, 12)}…, ${bytes.byteLength} bytes; ` +
        `expected ${entry.sha256.slice(0, 12)}…, ${entry.size} bytes)`,
      "the file was changed or truncated after the release was built; republish the release from its build",
      "E_TAMPERED",
    );
  }
}

/** Verifies a whole release given a way to read its files; returns the manifest. */
export async function verifyRelease(
  files: ReleaseFiles,
  readEnv: (path: string) => Promise<Uint8Array | null>,
  publicKey: KeyObject | null,
  where: string,
): Promise<Manifest> {
  const manifest = verifyManifest(files, publicKey, where);
  for (const env of Object.keys(manifest.envs).sort()) {
    const bytes = await readEnv(manifest.envs[env].path);
    if (!bytes) throw new VerificationError(`${where}: ${manifest.envs[env].path} is missing`, undefined, "E_TAMPERED");
    verifyEnvFile(manifest, env, bytes, where);
  }
  return manifest;
}
