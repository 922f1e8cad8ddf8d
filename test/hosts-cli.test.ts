// `flagctl status` drift and `flagctl hosts`: host reports in a real file:// store, read by the CLI.
import { join } from "node:path";
import { writeFileSync, mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chooseTrack } from "../src/core/index.js";
import { openStore, readHostReports, writeHostReport, writePointer } from "../src/store/index.js";
import { runCli } from "./helpers/runCli.js";
import { configRepo, tempDir } from "./helpers/releaseFixture.js";

async function fleet() {
  const repo = configRepo();
  const dir = tempDir("flagctl-hosts-");
  const url = `file://${dir}`;
  const store = openStore(url);
  const updatedAt = new Date(Date.now() - 12 * 60_000).toISOString();
  const p = await writePointer(store, "prod", null, { stable: "v20261121.120000-0000001", candidate: "v20261121.120000-0000002", percent: 50, updatedAt, by: "t", reason: "" });
  const now = Date.now();
  const hosts = Array.from({ length: 10 }, (_, i) => `web-${i}`);
  for (const h of hosts) {
    const a = chooseTrack(p, h);
    await writeHostReport(store, "prod", { host: h, version: a.version, seq: p.seq, track: a.track, at: new Date(now - 5000).toISOString() });
  }
  return { repo, dir, url, store, p, hosts };
}

describe("host reports", () => {
  it("round-trip through the store, sorted, skipping files that are not reports", async () => {
    const { store, dir, hosts } = await fleet();
    mkdirSync(join(dir, "envs/prod/hosts"), { recursive: true });
    writeFileSync(join(dir, "envs/prod/hosts/zz-garbage.json"), "{not json");
    const bad: string[] = [];
    const reports = await readHostReports(store, "prod", (k) => bad.push(k));
    expect(reports.map((r) => r.host)).toEqual([...hosts].sort());
    expect(bad).toEqual(["envs/prod/hosts/zz-garbage.json"]);
    expect(await readHostReports(store, "dev")).toEqual([]);
    await expect(writeHostReport(store, "prod", { host: "../x", version: null, seq: null, track: null, at: new Date().toISOString() })).rejects.toThrow(/invalid host name/);
  });

  it("status shows the fleet per env, in text and JSON, and --exit-code fails on drift", async () => {
    const { repo, url, store, p, hosts } = await fleet();
    // The fixture's pointer names releases that are not in the store (status flags them as unverified, a
    // finding under --exit-code), so the no-drift case is checked without it.
    let r = await runCli(repo, "status", "--store", url, "--format", "json");
    expect(r.code).toBe(0);
    const prod = JSON.parse(r.out).environments.find((e: { env: string }) => e.env === "prod");
    expect(prod.hosts).toEqual({ total: 10, matching: 10, drifting: [], silent: [] });
    r = await runCli(repo, "status", "--store", url);
    expect(r.out).toMatch(/^ {2}prod {2}10\/10 hosts on what the pointer says$/m);
    expect(r.out).not.toMatch(/^ {2}dev /m); // envs without reports say nothing

    // web-7 runs the wrong release; web-9 stopped reporting half an hour ago.
    const wrong = chooseTrack(p, "web-7").version === "v20261121.120000-0000001" ? "v20261121.120000-0000002" : "v20261121.120000-0000001";
    await writeHostReport(store, "prod", { host: "web-7", version: wrong, seq: p.seq, track: "stable", at: new Date().toISOString() });
    const silentAt = new Date(Date.now() - 31 * 60_000).toISOString();
    await writeHostReport(store, "prod", { host: "web-9", version: chooseTrack(p, "web-9").version, seq: p.seq, track: "stable", at: silentAt });
    r = await runCli(repo, "status", "prod", "--store", url, "--exit-code");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^  prod  8/10 hosts on what the pointer says; 2 drifting: web-7 \\(${wrong} since 12m(\\d+s)?\\), web-9 \\(silent for 31m(\\d+s)?\\)$`, "m"));
    r = await runCli(repo, "status", "--store", url, "--format", "json");
    expect(r.code).toBe(0);
    const hostsJson = JSON.parse(r.out).environments.find((e: { env: string }) => e.env === "prod").hosts;
    expect(hostsJson).toEqual({
      total: 10,
      matching: 8,
      drifting: [{ host: "web-7", version: wrong, expected: chooseTrack(p, "web-7").version, at: expect.any(String) }],
      silent: [{ host: "web-9", version: chooseTrack(p, "web-9").version, at: silentAt }],
    });

    // flagctl hosts, every format
    r = await runCli(repo, "hosts", "prod", "--store", url);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[1]).toMatch(/^HOST\s+RUNS\s+TRACK\s+ASSIGNED\s+STATE\s+LAST REPORT$/);
    expect(r.out).toMatch(/^web-7\s+v\S+\s+stable\s+v\S+\s+drifting\s+\S+ ago$/m);
    expect(r.out).toMatch(/^web-9 .* silent +31m(\d+s)? ago$/m);
    r = await runCli(repo, "hosts", "prod", "--store", url, "--format", "json", "--exit-code");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.hosts).toHaveLength(hosts.length);
    expect(j.summary.matching).toBe(8);
    expect(j.pointer).toEqual({ seq: p.seq, stable: "v20261121.120000-0000001", candidate: "v20261121.120000-0000002", percent: 50, updatedAt: p.updatedAt });
    r = await runCli(repo, "hosts", "prod", "--store", url, "--format", "github");
    expect(r.out.split("\n").filter((l) => l.startsWith("::warning "))).toHaveLength(2);
    expect(r.out).toContain("::warning title=prod%3A host web-7 drifting::web-7 runs");
    r = await runCli(repo, "hosts", "prod", "--store", url, "--format", "markdown");
    expect(r.out).toContain("| host | runs | track | pointer assigns | state | last report |");
    expect(r.out.match(/^\| web-/gm)).toHaveLength(10);
    r = await runCli(repo, "hosts", "qa", "--store", url);
    expect(r.code).toBe(2);
    r = await runCli(repo, "hosts", "dev", "--store", url);
    expect(r.out).toContain("no host reports");
  });
});
