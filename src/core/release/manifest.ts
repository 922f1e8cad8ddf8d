// The release manifest: what a release contains and how to verify it. Pure: built from values the caller has
// read (compiled environments, git facts, the parent release), serialised canonically.
import { createHash } from "node:crypto";
import { canonicalJson } from "../compile/canonical-json.js";
import { isVersion } from "./version.js";

export const MANIFEST_FORMAT = 1;

export interface ManifestEnv {
  /** Path of the compiled file relative to the release directory: "envs/<env>.json". */
  path: string;
  sha256: string;
  size: number;
  /** Number of flags in the compiled environment. */
  flags: number;
}

export type FlagChange = "added" | "removed" | "changed";

export interface ChangedFlag {
  key: string;
  change: FlagChange;
  /** Environments whose compiled config of this flag differs from the parent's; sorted. */
  envs: string[];
}

export interface Manifest {
  format: number;
  project: string;
  version: string;
  /** Full commit id the release was built from. */
  commit: string;
  dirty: boolean;
  /** The commit's committer time (never the wall clock, so rebuilding is byte-identical). */
  createdAt: string;
  /** The newest release in the store when this one was built, or null. */
  parent: string | null;
  envs: Record<string, ManifestEnv>;
  /** Flags whose compiled JSON differs from the parent release in some environment; sorted by key. */
  changedFlags: ChangedFlag[];
}

/** One compiled environment: the file's bytes and each flag's compiled JSON (canonical text), by key. */
export interface CompiledEnvInput {
  bytes: Uint8Array;
  flags: Record<string, string>;
}

export interface ManifestInput {
  project: string;
  version: string;
  commit: string;
  dirty: boolean;
  commitTime: Date;
  envs: Record<string, CompiledEnvInput>;
  /** The parent release's per-env flag JSON (same shape as `envs[*].flags`), or null for a first release. */
  parent: { version: string; flags: Record<string, Record<string, string>> } | null;
}

export const envFilePath = (env: string): string => `envs/${env}.json`;

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export function buildManifest(input: ManifestInput): Manifest {
  const envNames = Object.keys(input.envs).sort();
  const envs: Record<string, ManifestEnv> = {};
  for (const env of envNames) {
    const e = input.envs[env];
    envs[env] = { path: envFilePath(env), sha256: sha256Hex(e.bytes), size: e.bytes.byteLength, flags: Object.keys(e.flags).length };
  }
  const current = Object.fromEntries(envNames.map((env) => [env, input.envs[env].flags]));
  return {
    format: MANIFEST_FORMAT,
    project: input.project,
    version: input.version,
    commit: input.commit,
    dirty: input.dirty,
    createdAt: input.commitTime.toISOString(),
    parent: input.parent?.version ?? null,
    envs,
    changedFlags: changedFlags(input.parent?.flags ?? {}, current),
  };
}

/** Compares each flag's compiled JSON per environment; an environment missing on one side counts as empty. */
export function changedFlags(
  before: Record<string, Record<string, string>>,
  after: Record<string, Record<string, string>>,
): ChangedFlag[] {
  const envs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const keys = new Set<string>();
  for (const side of [before, after]) for (const env of Object.keys(side)) for (const k of Object.keys(side[env])) keys.add(k);
  const out: ChangedFlag[] = [];
  for (const key of [...keys].sort()) {
    const differing = envs.filter((env) => before[env]?.[key] !== after[env]?.[key]);
    if (differing.length === 0) continue;
    const inBefore = envs.some((env) => before[env]?.[key] !== undefined);
    const inAfter = envs.some((env) => after[env]?.[key] !== undefined);
    out.push({ key, change: !inBefore ? "added" : !inAfter ? "removed" : "changed", envs: differing });
  }
  return out;
}

export function serializeManifest(m: Manifest): Buffer {
  return Buffer.from(`${canonicalJson(m, { pretty: true })}\n`, "utf8");
}

/** Reads manifest bytes back, checking the shape; returns a message naming what is wrong otherwise. */
export function parseManifest(bytes: Uint8Array): { ok: true; manifest: Manifest } | { ok: false; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    return { ok: false, message: `manifest is not JSON (${(e as Error).message})` };
  }
  const bad = (what: string) => ({ ok: false as const, message: `manifest ${what}` });
  if (!isObj(v)) return bad("is not an object");
  if (v.format !== MANIFEST_FORMAT) return bad(`has format ${JSON.stringify(v.format)}, expected ${MANIFEST_FORMAT}`);
  for (const k of ["project", "version", "commit", "createdAt"] as const) {
    if (typeof v[k] !== "string") return bad(`field "${k}" is missing or not a string`);
  }
  if (!isVersion(v.version as string)) return bad(`version ${JSON.stringify(v.version)} is not a release version`);
  if (typeof v.dirty !== "boolean") return bad(`field "dirty" is not a boolean`);
  if (v.parent !== null && typeof v.parent !== "string") return bad(`field "parent" is not a string or null`);
  if (!isObj(v.envs)) return bad(`field "envs" is not an object`);
  for (const [env, e] of Object.entries(v.envs)) {
    if (
      !isObj(e) ||
      e.path !== envFilePath(env) ||
      typeof e.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(e.sha256) ||
      !Number.isInteger(e.size) ||
      !Number.isInteger(e.flags)
    ) {
      return bad(`entry envs.${env} is not { path: "${envFilePath(env)}", sha256, size, flags }`);
    }
  }
  if (!Array.isArray(v.changedFlags)) return bad(`field "changedFlags" is not a list`);
  for (const c of v.changedFlags) {
    if (!isObj(c) || typeof c.key !== "string" || !["added", "removed", "changed"].includes(c.change as string) || !Array.isArray(c.envs)) {
      return bad(`has a malformed changedFlags entry`);
    }
  }
  return { ok: true, manifest: v as unknown as Manifest };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
