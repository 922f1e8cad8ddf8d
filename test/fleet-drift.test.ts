import { describe, expect, it } from "vitest";
import { fleetDrift, hasDrift, hostRows, type HostReport, driftLine, chooseTrack, bucket, type Pointer } from "../src/core/index.js";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const pointer = (p: Partial<Pointer>): Pointer => ({ seq: 7, stable: "v1", candidate: null, percent: 0, updatedAt: ago(12 * 60_000), by: "t", reason: "", ...p });
const report = (host: string, version: string | null, atMs = 10_000, extra: Partial<HostReport> = {}): HostReport => ({ host, version, seq: 7, track: "stable", at: ago(atMs), ...extra });

describe("chooseTrack", () => {
  it("puts a host on the candidate exactly when its bucket under release:<candidate> is below percent*1000", () => {
    // SPEC test vector: bucket("release:v20261121.120000-abc1234", "web-17") = 33875
    const p = { stable: "v0", candidate: "v20261121.120000-abc1234", percent: 33.875 };
    expect(bucket("release:v20261121.120000-abc1234", "web-17")).toBe(33875);
    expect(chooseTrack(p, "web-17")).toEqual({ track: "stable", version: "v0" });
    expect(chooseTrack({ ...p, percent: 33.876 }, "web-17")).toEqual({ track: "candidate", version: p.candidate });
    expect(chooseTrack({ ...p, candidate: null }, "web-17")).toEqual({ track: "stable", version: "v0" });
  });
});

describe("fleetDrift", () => {
  it("counts matching hosts, lists drifting ones with what the pointer assigns, and silent ones", () => {
    const reports = [report("web-1", "v1"), report("web-2", "v1"), report("web-7", "v0"), report("web-9", "v1", 31 * 60_000)];
    const d = fleetDrift(pointer({}), reports, now);
    expect(d).toEqual({
      total: 4,
      matching: 2,
      drifting: [{ host: "web-7", version: "v0", expected: "v1", at: ago(10_000) }],
      silent: [{ host: "web-9", version: "v1", at: ago(31 * 60_000) }],
    });
    expect(hasDrift(d)).toBe(true);
    expect(driftLine(d, pointer({}).updatedAt, now)).toBe(
      "2/4 hosts on what the pointer says; 2 drifting: web-7 (v0 since 12m), web-9 (silent for 31m)",
    );
  });

  it("expects each host's own track during a staged rollout", () => {
    const p = pointer({ stable: "v1", candidate: "v2", percent: 50 });
    const hosts = Array.from({ length: 40 }, (_, i) => `web-${i}`);
    const reports = hosts.map((h) => report(h, chooseTrack(p, h).version));
    const d = fleetDrift(p, reports, now);
    expect(d.matching).toBe(40);
    expect(new Set(reports.map((r) => r.version))).toEqual(new Set(["v1", "v2"]));
    // Everyone on the stable one while half the fleet should have switched: those drift, expecting v2.
    const behind = fleetDrift(p, hosts.map((h) => report(h, "v1")), now);
    expect(behind.drifting.every((x) => x.expected === "v2")).toBe(true);
    expect(behind.matching + behind.drifting.length).toBe(40);
    expect(driftLine({ ...d }, p.updatedAt, now)).toBe("40/40 hosts on what the pointer says");
  });

  it("is silent after three of the host's own report intervals", () => {
    const fast = { intervalMs: 1000 };
    const rows = hostRows(pointer({}), [report("a", "v1", 2999, fast), report("b", "v1", 3000, fast), report("c", "v1", 179_999), report("d", "v1", 180_000)], now);
    expect(rows.map((r) => r.state)).toEqual(["matching", "silent", "matching", "silent"]);
  });

  it("counts every host as drifting when nothing is promoted but hosts run something", () => {
    const d = fleetDrift(null, [report("a", "v1")], now);
    expect(d.drifting).toEqual([{ host: "a", version: "v1", expected: null, at: ago(10_000) }]);
    expect(fleetDrift(null, [], now)).toEqual({ total: 0, matching: 0, drifting: [], silent: [] });
  });
});
