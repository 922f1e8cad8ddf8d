import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bakeOverrideFrom } from "../src/cli/release/context.js";
import { introduced } from "../src/app/index.js";
import { describeTransition, renderStatus } from "../src/cli/reporters/release.js";
import { envStatus, type Pointer } from "../src/core/index.js";
import { UsageError, VerificationError } from "../src/errors.js";
import { readBuildDir, writeBuildDir } from "../src/release/buildDir.js";
import { fakeRelease, tempDir } from "./helpers/releaseFixture.js";

describe("build directories", () => {
  it("are replaced whole, detect identical content, and leave no temp dirs", async () => {
    const parent = tempDir();
    const dir = join(parent, "v1");
    const files = (await readBuildDir((await fakeRelease(1)).dir)).files;
    expect(await writeBuildDir(dir, files)).toBe("written");
    expect(await writeBuildDir(dir, files)).toBe("unchanged");
    const changed = (await readBuildDir((await fakeRelease(2)).dir)).files.filter((f) => f.path !== "envs/dev.json");
    expect(await writeBuildDir(dir, changed)).toBe("written");
    expect(readdirSync(dir).sort()).toEqual(["envs", "manifest.json"]);
    expect(readdirSync(join(dir, "envs")).sort()).toEqual(["dogfood.json", "prod.json", "staging.json"]);
    expect(readdirSync(parent)).toEqual(["v1"]);
  });

  it("replace only a previous build: anything foreign in it, or an unreadable manifest, is refused and kept", async () => {
    const dir = join(tempDir(), "v1");
    const files = (await readBuildDir((await fakeRelease(1)).dir)).files;
    await writeBuildDir(dir, files);
    writeFileSync(join(dir, "stale.txt"), "not flagctl's");
    const other = (await readBuildDir((await fakeRelease(2)).dir)).files;
    await expect(writeBuildDir(dir, other)).rejects.toThrow(/not a previous build output.*stale\.txt/);
    expect(readFileSync(join(dir, "stale.txt"), "utf8")).toBe("not flagctl's");
    rmSync(join(dir, "stale.txt"));
    writeFileSync(join(dir, "manifest.json"), "{}");
    await expect(writeBuildDir(dir, other)).rejects.toBeInstanceOf(UsageError);
    expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe("{}");
  });

  it("read back verifies what the manifest lists", async () => {
    const r = await fakeRelease(5);
    const read = await readBuildDir(r.dir);
    expect(read.manifest.version).toBe(r.version);
    expect(read.files.map((f) => f.path)).toEqual(["envs/dev.json", "envs/dogfood.json", "envs/prod.json", "envs/staging.json", "manifest.json"]);
    rmSync(join(r.dir, "envs/dev.json"));
    await expect(readBuildDir(r.dir)).rejects.toBeInstanceOf(VerificationError);
    writeFileSync(join(r.dir, "manifest.json"), "{}");
    await expect(readBuildDir(r.dir)).rejects.toBeInstanceOf(VerificationError);
    await expect(readBuildDir(tempDir())).rejects.toBeInstanceOf(UsageError);
    expect(existsSync(join(r.dir, "manifest.json"))).toBe(true);
    expect(readFileSync(join(r.dir, "manifest.json"), "utf8")).toBe("{}");
  });
});

describe("bake overrides", () => {
  const project = { rollout: { prod: { steps: [1, 100], bakeMs: 900_000, loc: { file: "f", line: 1, column: 1 } } } };
  it("--bake wins over FLAGCTL_BAKE_SCALE, which scales each env", () => {
    expect(bakeOverrideFrom("0s", "0.5", project)("prod")).toBe(0);
    expect(bakeOverrideFrom(undefined, "0.002", project)("prod")).toBe(1800);
    expect(bakeOverrideFrom(undefined, "0.002", project)("dev")).toBe(0);
    expect(bakeOverrideFrom(undefined, undefined, project)("prod")).toBeUndefined();
    expect(() => bakeOverrideFrom("soon", undefined, project)).toThrow(UsageError);
    expect(() => bakeOverrideFrom(undefined, "-1", project)).toThrow(UsageError);
  });
});

describe("rendering", () => {
  const p = (seq: number, stable: string | null, candidate: string | null, percent: number): Pointer => ({
    seq, stable, candidate, percent, updatedAt: "2026-11-21T12:00:00.000Z", by: "a", reason: "",
  });
  it("describes each kind of change", () => {
    expect(describeTransition(null, p(1, null, "v2", 1))).toBe("candidate v2 at 1% (stable none yet)");
    expect(describeTransition(p(1, "v1", "v2", 1), p(2, "v1", "v2", 10))).toBe("v2 1% → 10% (stable v1)");
    expect(describeTransition(p(2, "v1", "v2", 50), p(3, "v2", null, 0))).toBe("v2 50% → 100%: now stable (was v1)");
    expect(describeTransition(p(2, "v1", "v2", 50), p(3, "v1", null, 0))).toBe("dropped candidate v2 at 50% (stable v1)");
    expect(describeTransition(p(2, "v2", null, 0), p(3, "v1", null, 0))).toBe("stable v2 → v1");
    expect(describeTransition(p(2, "v1", "v2", 5), p(3, "v1", "v3", 1))).toBe("candidate v3 at 1% (stable v1, replacing v2 at 5%)");
    expect(introduced(p(2, "v1", "v2", 5), p(3, "v1", "v3", 1))).toEqual(["v3"]);
    expect(introduced(p(2, "v1", "v2", 50), p(3, "v2", null, 0))).toEqual([]);
  });
  it("renders a status table with a bar", () => {
    const project = { environments: ["prod"], pipeline: [], rollout: {} };
    const text = renderStatus([envStatus(project, "prod", p(2, "v1", "v2", 25), null, new Date("2026-11-21T12:05:00Z"))]);
    expect(text).toMatch(/^ENV\s+STABLE\s+CANDIDATE\s+ROLLOUT\s+AGE\s+NEXT\n/);
    expect(text).toContain("[#####...............]  25%");
    expect(text).toContain("5m");
  });
});
