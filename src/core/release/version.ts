// Release version names (SPEC §5): v<YYYYMMDD>.<HHMMSS>-<commit7>, from the commit's UTC committer time.

const VERSION_RE = /^v(\d{8})\.(\d{6})-([0-9a-f]{7})(-dirty)?$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `commitTime` is the committer time; `dirty` marks a build from a work tree with uncommitted changes. */
export function versionName(commit: string, commitTime: Date, dirty: boolean): string {
  if (!/^[0-9a-f]{7,64}$/.test(commit)) throw new TypeError(`not a commit id: ${JSON.stringify(commit)}`);
  const t = commitTime;
  const date = `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  return `v${date}.${time}-${commit.slice(0, 7)}${dirty ? "-dirty" : ""}`;
}

export interface ParsedVersion {
  /** UTC time encoded in the name. */
  time: Date;
  commit7: string;
  dirty: boolean;
}

export function parseVersion(version: string): ParsedVersion | null {
  const m = VERSION_RE.exec(version);
  if (!m) return null;
  const [d, t] = [m[1], m[2]];
  const time = new Date(
    Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6)),
  );
  if (Number.isNaN(time.getTime()) || versionName(m[3], time, false).slice(1, 16) !== `${d}.${t}`) return null;
  return { time, commit7: m[3], dirty: m[4] !== undefined };
}

export const isVersion = (s: string): boolean => parseVersion(s) !== null;

export const isDirtyVersion = (s: string): boolean => parseVersion(s)?.dirty === true;

/** Orders versions by their encoded time, then name; the newest release is the last. */
export function compareVersions(a: string, b: string): number {
  const ta = parseVersion(a)?.time.getTime() ?? 0;
  const tb = parseVersion(b)?.time.getTime() ?? 0;
  return ta - tb || (a < b ? -1 : a > b ? 1 : 0);
}
