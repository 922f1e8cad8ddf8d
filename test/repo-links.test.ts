// Symlinks, odd directory entries and case collisions in a config repo: real files in temp dirs, the built CLI,
// and real git trees. A link that stays inside the repo is followed once; everything else is a located error
// (REPO005), and the content of a file outside the repo never reaches the output, in any format.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readTreeAt } from "../src/git/readTreeAt.js";
import { opsFlag, writeRepo } from "./helpers/tempRepo.js";
import { tempGitRepo } from "./helpers/tempGitRepo.js";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
const flagctl = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
};
const SECRET = "TOP-SECRET-first-line: hunter2";
const GOOD = opsFlag("    serve: true\n");

function outsideFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "flagctl-outside-"));
  writeFileSync(join(dir, "secret.txt"), `${SECRET}\nsecond: line\n`);
  mkdirSync(join(dir, "more"));
  writeFileSync(join(dir, "more", "x.yaml"), `${SECRET}\n`);
  return dir;
}

type Diag = { code: string; file: string; line: number; message: string };
const diagnostics = (stdout: string): Diag[] => {
  const parsed = JSON.parse(stdout);
  return parsed.diagnostics ?? parsed;
};

describe("symlinks and odd entries in the work tree", () => {
  it("every bad entry is a located REPO005 error; outside content is never printed, in any format", { timeout: 60_000 }, () => {
    const outside = outsideFile();
    const dir = writeRepo({ "flags/ok.yaml": GOOD });
    symlinkSync(join(outside, "secret.txt"), join(dir, "flags/secret.yaml"));
    symlinkSync("loop.yaml", join(dir, "flags/loop.yaml"));
    symlinkSync("nowhere.yaml", join(dir, "flags/dangling.yaml"));
    symlinkSync(join(outside, "more"), join(dir, "flags/outdir"));
    mkdirSync(join(dir, "flags/folder.yaml"));
    symlinkSync(join(outside, "secret.txt"), join(dir, "flagctl-secret.yaml")); // outside a config dir: not read at all

    const json = flagctl(["validate", "--format", "json"], dir);
    expect(json.code).toBe(1);
    const found = diagnostics(json.stdout).filter((d) => d.code === "REPO005");
    expect(found.map((d) => [d.file, d.line])).toEqual([
      ["flags/dangling.yaml", 1],
      ["flags/folder.yaml", 1],
      ["flags/loop.yaml", 1],
      ["flags/outdir", 1],
      ["flags/secret.yaml", 1],
    ]);
    const byFile = Object.fromEntries(found.map((d) => [d.file, d.message]));
    expect(byFile["flags/dangling.yaml"]).toContain("dangling symlink");
    expect(byFile["flags/loop.yaml"]).toContain("symlink loop");
    expect(byFile["flags/secret.yaml"]).toContain("outside the repo");
    expect(byFile["flags/outdir"]).toContain("outside the repo");
    expect(byFile["flags/folder.yaml"]).toContain("directory");
    for (const format of ["text", "json", "github", "markdown"]) {
      const r = flagctl(["validate", "--format", format], dir);
      expect(r.code, format).toBe(1);
      expect(r.all, format).not.toContain("hunter2");
      expect(r.all, format).not.toMatch(/\n\s+at /);
    }
    expect(flagctl(["validate"], dir).all).toMatch(/flags\/secret\.yaml:1:1.*REPO005/);
  });

  it("links that stay inside the repo are followed once", { timeout: 60_000 }, () => {
    const dir = writeRepo({ "flags/ok.yaml": GOOD, "shared/real.yaml": GOOD, "shared/dir/inner.yaml": GOOD });
    symlinkSync("../shared/real.yaml", join(dir, "flags/linked.yaml"));
    symlinkSync("../shared/dir", join(dir, "flags/team"));
    const r = flagctl(["eval", "--all", "--env", "prod", "--format", "json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"linked"');
    expect(r.stdout).toContain('"team.inner"');
    // A chain of links is not followed.
    symlinkSync("linked.yaml", join(dir, "flags/chain.yaml"));
    const v = flagctl(["validate", "--format", "json"], dir);
    expect(v.code).toBe(1);
    expect(diagnostics(v.stdout).filter((d) => d.code === "REPO005").map((d) => d.file)).toEqual(["flags/chain.yaml"]);
  });
});

describe("case-insensitive key collisions", () => {
  it("Disable-uploads.yaml next to disable-uploads.yaml is an error (REPO006)", { timeout: 30_000 }, () => {
    const dir = writeRepo({ "flags/ops/disable-uploads.yaml": GOOD, "flags/ops/Disable-uploads.yaml": GOOD });
    const r = flagctl(["validate", "--format", "json"], dir);
    expect(r.code).toBe(1);
    const found = diagnostics(r.stdout).filter((d) => d.code === "REPO006");
    expect(found.map((d) => d.file)).toEqual(["flags/ops/disable-uploads.yaml"]);
    expect(found[0].message).toContain("flags/ops/Disable-uploads.yaml");
  });
});

describe("symlinks in git trees (diff --base)", () => {
  it("are resolved like the work tree's: inside followed, outside/dangling unreadable, never read", async () => {
    const outside = outsideFile();
    const repo = tempGitRepo();
    try {
      repo.write({ "flagctl.yaml": "project: t\nenvironments: [prod]\n", "flags/ok.yaml": GOOD, "shared/real.yaml": GOOD, "shared/d/x.yaml": GOOD });
      symlinkSync("../shared/real.yaml", join(repo.dir, "flags/linked.yaml"));
      symlinkSync("../shared/d", join(repo.dir, "flags/team"));
      symlinkSync(join(outside, "secret.txt"), join(repo.dir, "flags/secret.yaml"));
      symlinkSync("nowhere.yaml", join(repo.dir, "flags/dangling.yaml"));
      symlinkSync("../../../../etc/passwd", join(repo.dir, "flags/climb.yaml"));
      repo.commit("links");
      const { files } = await readTreeAt(repo.dir, "HEAD");
      const at = (p: string) => files.find((f) => f.path === p);
      expect(Buffer.from(at("flags/linked.yaml")!.bytes).toString()).toBe(GOOD);
      expect(Buffer.from(at("flags/team/x.yaml")!.bytes).toString()).toBe(GOOD);
      for (const p of ["flags/secret.yaml", "flags/climb.yaml"]) expect(at(p)).toMatchObject({ unreadable: expect.stringContaining("outside the repo") });
      expect(at("flags/dangling.yaml")).toMatchObject({ unreadable: expect.stringContaining("dangling") });
      expect(files.some((f) => Buffer.from(f.bytes).toString().includes("hunter2"))).toBe(false);
    } finally {
      repo.cleanup();
    }
  });
});
