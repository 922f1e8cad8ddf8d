import { describe, expect, it } from "vitest";
import { buildManifest, changedFlags, parseManifest, serializeManifest, sha256Hex, compareVersions, isDirtyVersion, parseVersion, versionName, formatDuration, parseDuration } from "../src/core/index.js";

describe("version names", () => {
  const t = new Date("2026-11-21T12:00:00Z");
  it("use the UTC committer time and seven hex digits", () => {
    expect(versionName("abc1234def", t, false)).toBe("v20261121.120000-abc1234");
    expect(versionName("abc1234def", new Date("2026-01-02T03:04:05+02:00"), true)).toBe("v20260102.010405-abc1234-dirty");
  });
  it("parse back", () => {
    expect(parseVersion("v20261121.120000-abc1234")).toEqual({ time: t, commit7: "abc1234", dirty: false });
    expect(isDirtyVersion("v20261121.120000-abc1234-dirty")).toBe(true);
    for (const bad of ["v20261321.120000-abc1234", "v20261121.126000-abc1234", "20261121.120000-abc1234", "v20261121.120000-ABC1234", "v20261121.120000-abc1234-x"]) {
      expect(parseVersion(bad)).toBeNull();
    }
    expect(() => versionName("not-a-sha", t, false)).toThrow();
  });
  it("order by time", () => {
    const vs = ["v20261121.120000-bbbbbbb", "v20251121.120000-ccccccc", "v20261121.115959-aaaaaaa"];
    expect([...vs].sort(compareVersions)).toEqual(["v20251121.120000-ccccccc", "v20261121.115959-aaaaaaa", "v20261121.120000-bbbbbbb"]);
  });
});

describe("durations", () => {
  it("parse and format", () => {
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("0s")).toBe(0);
    expect(parseDuration("250ms")).toBe(250);
    for (const bad of ["", "15", "m", "1x", "15m3", "-1s"]) expect(parseDuration(bad)).toBeNull();
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90_061_000)).toBe("1d1h");
  });
});

describe("manifest", () => {
  const enc = (s: string) => Buffer.from(s);
  const base = {
    project: "acme",
    version: "v20261121.120000-abc1234",
    commit: "abc1234".padEnd(40, "0"),
    dirty: false,
    commitTime: new Date("2026-11-21T12:00:00Z"),
  };
  const envs = {
    prod: { bytes: enc('{"a":1}\n'), flags: { a: '{"on":true}', b: '{"on":false}' } },
    dev: { bytes: enc('{"a":2}\n'), flags: { a: '{"on":false}', c: "1" } },
  };

  it("records sha256, size, flag count and the commit time", () => {
    const m = buildManifest({ ...base, envs, parent: null });
    expect(m.createdAt).toBe("2026-11-21T12:00:00.000Z");
    expect(m.envs.prod).toEqual({ path: "envs/prod.json", sha256: sha256Hex(envs.prod.bytes), size: 8, flags: 2 });
    expect(Object.keys(m.envs)).toEqual(["dev", "prod"]);
    expect(m.parent).toBeNull();
    expect(m.changedFlags.map((c) => [c.key, c.change])).toEqual([["a", "added"], ["b", "added"], ["c", "added"]]);
  });

  it("serialises canonically: same input, same bytes, whatever the key order", () => {
    const a = serializeManifest(buildManifest({ ...base, envs, parent: null }));
    const b = serializeManifest(buildManifest({ ...base, envs: { dev: envs.dev, prod: envs.prod }, parent: null }));
    expect(a.equals(b)).toBe(true);
    expect(a.toString().endsWith("}\n")).toBe(true);
    const parsed = parseManifest(a);
    expect(parsed.ok && parsed.manifest).toEqual(buildManifest({ ...base, envs, parent: null }));
  });

  it("lists flags changed since the parent, per env", () => {
    const before = { prod: { a: '{"on":true}', b: '{"on":true}', gone: "1" }, dev: { a: '{"on":false}' } };
    const after = { prod: { a: '{"on":true}', b: '{"on":false}' }, dev: { a: '{"on":true}', c: "1" }, qa: { a: "x" } };
    expect(changedFlags(before, after)).toEqual([
      { key: "a", change: "changed", envs: ["dev", "qa"] },
      { key: "b", change: "changed", envs: ["prod"] },
      { key: "c", change: "added", envs: ["dev"] },
      { key: "gone", change: "removed", envs: ["prod"] },
    ]);
    const m = buildManifest({ ...base, envs, parent: { version: "v20261120.000000-0000000", flags: { prod: envs.prod.flags, dev: envs.dev.flags } } });
    expect(m.parent).toBe("v20261120.000000-0000000");
    expect(m.changedFlags).toEqual([]);
  });

  it("rejects malformed manifests with a message", () => {
    const good = JSON.parse(serializeManifest(buildManifest({ ...base, envs, parent: null })).toString());
    const bad = (mut: (m: any) => void) => {
      const m = structuredClone(good);
      mut(m);
      const r = parseManifest(Buffer.from(JSON.stringify(m)));
      return r.ok ? "ok" : r.message;
    };
    expect(bad(() => {})).toBe("ok");
    expect(bad((m) => (m.format = 2))).toContain("format");
    expect(bad((m) => (m.version = "latest"))).toContain("version");
    expect(bad((m) => (m.envs.prod.path = "../x"))).toContain("envs.prod");
    expect(bad((m) => (m.envs.prod.sha256 = "zz"))).toContain("envs.prod");
    expect(bad((m) => delete m.changedFlags)).toContain("changedFlags");
    expect(parseManifest(Buffer.from("{nope")).ok).toBe(false);
  });
});
