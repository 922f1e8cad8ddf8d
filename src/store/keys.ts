// Where things live in a store (SPEC §5). Every key is built here so no caller can invent a path, and names
// that would escape their directory are refused before they reach a backend.
import { UsageError } from "../errors.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Throws UsageError unless `name` is usable as one path segment (a version, an environment or a host name). */
export function checkName(kind: "version" | "environment" | "host", name: string): void {
  if (!NAME.test(name) || name.includes("..")) {
    throw new UsageError(
      `invalid ${kind} name ${JSON.stringify(name)}`,
      `a ${kind} name is letters, digits, ".", "_", "+" and "-", starting with a letter or digit`,
    );
  }
}

/** Throws UsageError unless `path` is a relative path of safe segments ("envs/prod.json"). */
export function checkReleasePath(path: string): void {
  const segments = path.split("/");
  if (segments.length === 0 || segments.some((s) => !NAME.test(s) || s.includes(".."))) {
    throw new UsageError(`invalid release file path ${JSON.stringify(path)}`, 'use paths like "envs/prod.json"');
  }
}

export const RELEASES_PREFIX = "releases/";
export const MANIFEST = "manifest.json";
export const MANIFEST_SIG = "manifest.sig";

export function releasePrefix(version: string): string {
  checkName("version", version);
  return `${RELEASES_PREFIX}${version}/`;
}

export function releaseKey(version: string, path: string): string {
  checkReleasePath(path);
  return releasePrefix(version) + path;
}

export function pointerKey(env: string): string {
  checkName("environment", env);
  return `envs/${env}/pointer.json`;
}

export function historyPrefix(env: string): string {
  checkName("environment", env);
  return `envs/${env}/history/`;
}

export function historyKey(env: string, seq: number): string {
  return `${historyPrefix(env)}${String(seq).padStart(10, "0")}.json`;
}

/** The seq a history key names, or null for anything else found under the prefix. */
export function seqOfHistoryKey(key: string): number | null {
  const m = /\/(\d{10})\.json$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** Reserved for the conditional-write probe; outside every SPEC path so it can never collide. */
export const PROBE_KEY = ".flagctl/cas-probe";
