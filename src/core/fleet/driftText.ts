// The one-line fleet summary `flagctl status` prints per environment. Pure.
import { formatDuration } from "../release/duration.js";
import type { FleetDrift } from "./drift.js";

/**
 * "48/50 hosts on what the pointer says; 2 drifting: web-7 (v1 since 12m), web-9 (silent for 31m)".
 * A drifting host's "since" counts from the pointer's last change: it has not followed it since then.
 */
export function driftLine(d: FleetDrift, pointerUpdatedAt: string | null, now: Date): string {
  const head = `${d.matching}/${d.total} hosts on what the pointer says`;
  const off = d.drifting.length + d.silent.length;
  if (off === 0) return head;
  const since = (iso: string | null) => {
    const t = iso === null ? NaN : Date.parse(iso);
    return Number.isFinite(t) ? formatDuration(Math.max(0, now.getTime() - t)) : "?";
  };
  const items = [
    ...d.drifting.map((h) => ({ host: h.host, text: `${h.host} (${h.version ?? "nothing"} since ${since(pointerUpdatedAt)})` })),
    ...d.silent.map((h) => ({ host: h.host, text: `${h.host} (silent for ${since(h.at)})` })),
  ].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return `${head}; ${off} drifting: ${items.map((i) => i.text).join(", ")}`;
}
