// Fleet reports: each agent started with --report writes envs/<env>/hosts/<host>.json with what it runs.
// Every host writes only its own key, so no compare-and-swap is needed; status and the cockpit read them all.
import type { HostReport } from "../core/fleet/drift.js";
import { checkName } from "./keys.js";
import type { ObjectStore } from "./store.js";

export type { HostReport } from "../core/fleet/drift.js";

export function hostsPrefix(env: string): string {
  checkName("environment", env);
  return `envs/${env}/hosts/`;
}

export function hostReportKey(env: string, host: string): string {
  checkName("host", host);
  return `${hostsPrefix(env)}${host}.json`;
}

export async function writeHostReport(store: ObjectStore, env: string, report: HostReport): Promise<void> {
  await store.put(hostReportKey(env, report.host), Buffer.from(`${JSON.stringify(report, null, 2)}\n`));
}

/**
 * Every host report of an env, sorted by host. A file that is not a report (half-written by a foreign tool,
 * garbage) is passed to `onBad` and skipped: one broken file must not hide the rest of the fleet.
 */
export async function readHostReports(
  store: ObjectStore,
  env: string,
  onBad?: (key: string, why: string) => void,
): Promise<HostReport[]> {
  const keys = (await store.list(hostsPrefix(env))).filter((k) => k.endsWith(".json"));
  const reports = await Promise.all(
    keys.map(async (key): Promise<HostReport | null> => {
      const got = await store.get(key);
      if (got === null || got === "not-modified") return null; // removed between list and get
      const why = parseProblem(got.body);
      if (typeof why === "string") {
        onBad?.(key, why);
        return null;
      }
      return why;
    }),
  );
  return reports.filter((r): r is HostReport => r !== null).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

function parseProblem(body: Buffer): HostReport | string {
  let v: unknown;
  try {
    v = JSON.parse(body.toString("utf8"));
  } catch {
    return "not JSON";
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not an object";
  const r = v as Record<string, unknown>;
  if (typeof r.host !== "string") return "no host";
  if (typeof r.at !== "string" || !Number.isFinite(Date.parse(r.at))) return "no valid time `at`";
  const strOrNull = (x: unknown) => (typeof x === "string" ? x : null);
  const report: HostReport = {
    host: r.host,
    version: strOrNull(r.version),
    seq: typeof r.seq === "number" ? r.seq : null,
    track: strOrNull(r.track),
    at: r.at,
  };
  if (typeof r.intervalMs === "number" && r.intervalMs > 0) report.intervalMs = r.intervalMs;
  return report;
}
