// Fleet drift: which reporting hosts run what the pointer assigns them, which run something else, and which
// stopped reporting. Pure: reports, pointer and `now` come in.
import type { Pointer } from "../release/pointer.js";
import { chooseTrack } from "../release/track.js";

/** What an agent writes to envs/<env>/hosts/<host>.json. */
export interface HostReport {
  host: string;
  version: string | null;
  seq: number | null;
  track: string | null;
  /** ISO time of the report. */
  at: string;
  /** How often this host reports (ms); a host is silent after 3 intervals without a report. Default 60 s. */
  intervalMs?: number;
}

export const DEFAULT_REPORT_INTERVAL_MS = 60_000;
/** Reports a host may miss before it counts as silent. */
export const SILENT_AFTER_INTERVALS = 3;

export interface DriftingHost {
  host: string;
  version: string | null;
  expected: string | null;
  at: string;
}

export interface SilentHost {
  host: string;
  version: string | null;
  at: string;
}

export interface FleetDrift {
  total: number;
  matching: number;
  drifting: DriftingHost[];
  silent: SilentHost[];
}

export type HostState = "matching" | "drifting" | "silent";

export interface HostRow extends HostReport {
  expected: string | null;
  expectedTrack: string;
  state: HostState;
  /** Time since the report. */
  ageMs: number;
}

/** One row per report, sorted by host; `state` says whether it matches, drifts or went silent. */
export function hostRows(pointer: Pointer | null, reports: readonly HostReport[], now: Date): HostRow[] {
  return [...reports]
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
    .map((r) => {
      const assigned = pointer ? chooseTrack(pointer, r.host) : { track: "stable", version: null };
      const ageMs = Math.max(0, now.getTime() - Date.parse(r.at));
      const interval = r.intervalMs && r.intervalMs > 0 ? r.intervalMs : DEFAULT_REPORT_INTERVAL_MS;
      const state: HostState =
        !Number.isFinite(ageMs) || ageMs >= SILENT_AFTER_INTERVALS * interval
          ? "silent"
          : r.version === assigned.version
            ? "matching"
            : "drifting";
      return { ...r, expected: assigned.version, expectedTrack: assigned.track, state, ageMs: Number.isFinite(ageMs) ? ageMs : 0 };
    });
}

export function fleetDrift(pointer: Pointer | null, reports: readonly HostReport[], now: Date): FleetDrift {
  const rows = hostRows(pointer, reports, now);
  return {
    total: rows.length,
    matching: rows.filter((r) => r.state === "matching").length,
    drifting: rows.filter((r) => r.state === "drifting").map((r) => ({ host: r.host, version: r.version, expected: r.expected, at: r.at })),
    silent: rows.filter((r) => r.state === "silent").map((r) => ({ host: r.host, version: r.version, at: r.at })),
  };
}

/** True when any host drifts or went silent: what `status --exit-code` fails on. */
export function hasDrift(d: FleetDrift): boolean {
  return d.drifting.length > 0 || d.silent.length > 0;
}
