// Assembling a release from compiled environments: version from git, parent from the store, manifest, signature.
// Deterministic: same commit and same parent give the same bytes (no wall clock, no absolute paths).
import type { KeyObject } from "node:crypto";
import type { JsonValue } from "../core/model.js";
import { flagFingerprints } from "../core/release/fingerprint.js";
import { buildManifest, envFilePath, serializeManifest, type Manifest } from "../core/release/manifest.js";
import { compareVersions, parseVersion, versionName } from "../core/release/version.js";
import type { HeadFacts } from "../git/git.js";
import { getReleaseFile, listReleases } from "../store/releases.js";
import type { ObjectStore } from "../store/store.js";
import type { ReleaseFileBytes } from "./buildDir.js";
import { signManifest } from "./sign.js";

export interface AssembleInput {
  project: string;
  git: HeadFacts;
  /** Env name -> the bytes of envs/<env>.json (the engine's canonical JSON of the compiled environment). */
  envs: Record<string, Buffer>;
  parent: { version: string; envs: Record<string, Buffer> } | null;
  signKey: KeyObject | null;
}

export interface AssembledRelease {
  version: string;
  manifest: Manifest;
  files: ReleaseFileBytes[];
}

export function releaseVersion(git: HeadFacts): string {
  return versionName(git.commit, git.commitTime, git.dirty);
}

export function assembleRelease(input: AssembleInput): AssembledRelease {
  const version = releaseVersion(input.git);
  const fingerprints = (bytes: Buffer) => flagFingerprints(JSON.parse(bytes.toString("utf8")) as JsonValue);
  const manifest = buildManifest({
    project: input.project,
    version,
    commit: input.git.commit,
    dirty: input.git.dirty,
    commitTime: input.git.commitTime,
    envs: Object.fromEntries(Object.entries(input.envs).map(([env, bytes]) => [env, { bytes, flags: fingerprints(bytes) }])),
    parent: input.parent && {
      version: input.parent.version,
      flags: Object.fromEntries(Object.entries(input.parent.envs).map(([env, bytes]) => [env, fingerprints(bytes)])),
    },
  });
  const manifestBytes = serializeManifest(manifest);
  const files: ReleaseFileBytes[] = Object.keys(input.envs)
    .sort()
    .map((env) => ({ path: envFilePath(env), body: input.envs[env] }));
  if (input.signKey) files.push({ path: "manifest.sig", body: signManifest(manifestBytes, input.signKey) });
  files.push({ path: "manifest.json", body: manifestBytes });
  return { version, manifest, files };
}

/**
 * The parent of a release built at `version`: the newest release in the store that is older than it (by the
 * time in its name), with its env files. A release never is its own parent, so rebuilding after publishing
 * gives the same bytes.
 */
export async function findParent(store: ObjectStore, version: string): Promise<{ version: string; envs: Record<string, Buffer> } | null> {
  const mine = parseVersion(version);
  const older = (await listReleases(store)).filter(
    (v) => v !== version && v !== version.replace(/-dirty$/, "") && parseVersion(v) && (!mine || compareVersions(v, version) < 0),
  );
  const parent = older.sort(compareVersions).pop();
  if (!parent) return null;
  const manifestBytes = await getReleaseFile(store, parent, "manifest.json");
  if (!manifestBytes) return null;
  const m = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
  const envs: Record<string, Buffer> = {};
  for (const [env, e] of Object.entries(m.envs ?? {})) {
    const body = await getReleaseFile(store, parent, e.path);
    if (body) envs[env] = body;
  }
  return { version: parent, envs };
}
