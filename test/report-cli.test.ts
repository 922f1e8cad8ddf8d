// `flagctl report` (dist/) without a browser: where it may write (--out safety), re-runs into its own output,
// escaping of user text, and that no file names anything on the network.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requireFreshDist } from "./helpers/dist.js";
import { flagctl, tempDir } from "./helpers/releaseFixture.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";

let repo: TempGitRepo;
const flag = (desc: string, prod = "true") => `description: ${JSON.stringify(desc)}\nowner: "@acme/x"\nkind: ops\ndefault: false\nenvironments:\n  dev: true\n  prod: ${prod}\n`;

beforeAll(() => {
  requireFreshDist();
  repo = tempGitRepo("flagctl-report-cli-");
  repo.write({
    "flagctl.yaml": "project: p\nenvironments: [dev, prod]\ncontext:\n  user: string\n",
    "flags/a/one.yaml": flag(`</td><img src=x onerror=alert(1)> "one"`),
    "flags/a/two.yaml": flag("two", "false"),
  });
  repo.commit("flags");
});

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe("flagctl report --out", () => {
  it("writes a self-contained site and says what it wrote", async () => {
    const out = join(tempDir(), "site");
    const r = await flagctl(repo.dir, ["report", "--out", out, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { flags: number; files: number; index: string; commits: number };
    expect(summary).toMatchObject({ flags: 2, files: 7, index: join(out, "index.html"), commits: 1 });
    expect(files(out)).toEqual([".flagctl-report", "envs/dev.html", "envs/prod.html", "flags/a.one.html", "flags/a.two.html", "index.html", "report.css", "report.js"]);
    for (const f of files(out)) {
      const text = readFileSync(join(out, f), "utf8");
      // Nothing to fetch from anywhere: no absolute URL in any src/href/url(), no @import.
      expect(text, f).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
      expect(text, f).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(text, f).not.toContain("@import");
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).not.toContain("<img");
    expect(index).toContain("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt; &quot;one&quot;");
  });

  it("with --code, a flag page lists the references found in code", async () => {
    const code = tempDir("flagctl-code-");
    writeFileSync(join(code, "app.ts"), 'const a = 1;\nif (flags.bool("a.one", ctx, false)) render();\n');
    const out = join(tempDir(), "site");
    const r = await flagctl(repo.dir, ["report", "--out", out, "--code", code]);
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, "flags/a.one.html"), "utf8");
    expect(page).toMatch(/<td class="mono">[^<]*app\.ts<\/td><td>2<\/td>/);
    expect(readFileSync(join(out, "flags/a.two.html"), "utf8")).toContain("No references in");
    // Unreferenced flags are stale for that reason, and the matrix can filter by it.
    expect(readFileSync(join(out, "index.html"), "utf8")).toMatch(/data-key="a\.two"[^>]*data-stale="[^"]*unreferenced/);
  });

  it("refuses the repo itself, a directory holding it, a file, and a non-empty foreign directory (exit 2, nothing touched)", async () => {
    for (const out of [repo.dir, join(repo.dir, "..")]) {
      const r = await flagctl(repo.dir, ["report", "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is the config repo or holds it");
    }
    const foreign = tempDir();
    writeFileSync(join(foreign, "notes.txt"), "mine");
    let r = await flagctl(repo.dir, ["report", "--out", foreign]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not empty and not a previous report");
    expect(files(foreign)).toEqual(["notes.txt"]);
    r = await flagctl(repo.dir, ["report", "--out", join(foreign, "notes.txt")]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(foreign, "notes.txt"), "utf8")).toBe("mine");
    const fake = tempDir();
    writeFileSync(join(fake, ".flagctl-report"), "not a marker");
    writeFileSync(join(fake, "index.html"), "someone's page");
    r = await flagctl(repo.dir, ["report", "--out", fake]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(fake, "index.html"), "utf8")).toBe("someone's page");
    expect((await flagctl(repo.dir, ["report", "--out", tempDir(), "--history", "many"])).code).toBe(2);
    // Through a file, and on a file system that cannot hold it (a recursive mkdir under /proc never returns).
    r = await flagctl(repo.dir, ["report", "--out", join(foreign, "notes.txt", "site")]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("it is a file, not a directory")]);
    if (existsSync("/proc/self")) {
      r = await flagctl(repo.dir, ["report", "--out", "/proc/flagctl-report-x/site"]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain("    at ");
    }
  });

  it("re-runs into its own output: replaces its files, removes pages of deleted flags, keeps what others put there", async () => {
    const out = join(tempDir(), "site");
    expect((await flagctl(repo.dir, ["report", "--out", out])).code).toBe(0);
    writeFileSync(join(out, "README.txt"), "published by CI");
    repo.remove("flags/a/two.yaml");
    repo.commit("drop two");
    const r = await flagctl(repo.dir, ["report", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "flags/a.two.html"))).toBe(false);
    expect(readFileSync(join(out, "README.txt"), "utf8")).toBe("published by CI");
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toContain("a.two");
    expect(JSON.parse(readFileSync(join(out, ".flagctl-report"), "utf8")).files).not.toContain("flags/a.two.html");
  });

  it("never overwrites a file it did not write, even inside its own output", async () => {
    const out = join(tempDir(), "site");
    expect((await flagctl(repo.dir, ["report", "--out", out])).code).toBe(0);
    repo.write({ "flags/a/three.yaml": flag("three") });
    repo.commit("three");
    mkdirSync(join(out, "flags"), { recursive: true });
    writeFileSync(join(out, "flags/a.three.html"), "hand-written");
    const r = await flagctl(repo.dir, ["report", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("which no flagctl report wrote");
    expect(readFileSync(join(out, "flags/a.three.html"), "utf8")).toBe("hand-written");
    repo.remove("flags/a/three.yaml");
    repo.commit("no three");
  });
});
