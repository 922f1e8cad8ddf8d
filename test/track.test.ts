// Which release a host runs under a staged rollout (chooseTrack: the SDK's and the agent's rule).
import { describe, expect, it } from "vitest";
import { chooseTrack } from "../src/core/index.js";

const V = "v20261121.120000-abc1234";
const ptr = (percent: number) => ({ stable: "v20261120.090000-0000001", candidate: V, percent });

describe("chooseTrack", () => {
  it("follows the bucketing test vector: web-17 has bucket 33875 for release:" + V, () => {
    expect(chooseTrack(ptr(33.875), "web-17")).toEqual({ track: "stable", version: "v20261120.090000-0000001" });
    expect(chooseTrack(ptr(33.876), "web-17")).toEqual({ track: "candidate", version: V });
    expect(chooseTrack(ptr(100), "web-17").track).toBe("candidate");
    expect(chooseTrack(ptr(0), "web-17").track).toBe("stable");
  });

  it("raising the percentage only adds hosts to the candidate", () => {
    const hosts = Array.from({ length: 3000 }, (_, i) => `web-${i}`);
    let before = new Set<string>();
    for (const p of [0, 0.5, 1, 5, 10, 25, 33.333, 50, 75, 99.999, 100]) {
      const now = new Set(hosts.filter((h) => chooseTrack(ptr(p), h).track === "candidate"));
      for (const h of before) expect(now.has(h), `${h} left the candidate at ${p}%`).toBe(true);
      before = now;
    }
    expect(before.size).toBe(hosts.length);
  });

  it("puts 25±1% of 10,000 hosts on the candidate at 25%", () => {
    let n = 0;
    for (let i = 0; i < 10_000; i++) if (chooseTrack(ptr(25), `host-${i}.prod.acme.internal`).track === "candidate") n++;
    expect(n).toBeGreaterThanOrEqual(2400);
    expect(n).toBeLessThanOrEqual(2600);
  });

  it("each candidate reshuffles which hosts go first", () => {
    const hosts = Array.from({ length: 1000 }, (_, i) => `web-${i}`);
    const first = (candidate: string) => hosts.filter((h) => chooseTrack({ stable: "s", candidate, percent: 10 }, h).track === "candidate");
    const a = new Set(first("v20261121.120000-aaaaaaa"));
    const b = first("v20261122.120000-bbbbbbb");
    expect(b.filter((h) => a.has(h)).length).toBeLessThan(b.length / 2);
  });

  it("runs nothing when there is no stable release and the host is outside the candidate's share", () => {
    expect(chooseTrack({ stable: null, candidate: V, percent: 0 }, "web-17")).toEqual({ track: "stable", version: null });
  });
});
