import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitError } from "../src/errors.js";
import { isConfigFile, readTreeAt } from "../src/git/readTreeAt.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";

const text = (files: { path: string; bytes: Uint8Array }[], path: string) => {
  const f = files.find((x) => x.path === path);
  return f && new TextDecoder().decode(f.bytes);
};
const paths = (files: { path: string }[]) => files.map((f) => f.path);

describe("readTreeAt", () => {
  let repo: TempGitRepo;
  const c: string[] = [];
  // Not UTF-8, with a NUL and a lone CR: must come back byte for byte.
  const binary = Uint8Array.from([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x80, 0x0a, 0xc3]);

  beforeAll(() => {
    repo = tempGitRepo();
    repo.write({
      "flagctl.yaml": "project: one\nenvironments: [dev, prod]\n",
      "flags/a.yaml": "default: false\n",
      "flags/b/c.yaml": "default: true\n",
      "segments/staff.yaml": "if: { team: T1 }\n",
      "tests/t.yaml": "tests: []\n",
      "config-schemas/banner.schema.json": '{"type":"object"}\n',
      "README.md": "# not config\n",
      "src/main.ts": "export {};\n",
    });
    c.push(repo.commit("first"));
    repo.git("mv", "flags/a.yaml", "flags/a2.yaml");
    repo.remove("segments/staff.yaml");
    repo.write({ "flagctl.yaml": "project: two\nenvironments: [dev, prod]\n", "flags/bin.yaml": binary });
    c.push(repo.commit("rename a, delete staff, binary file"));
    mkdirSync(join(repo.dir, "flags/deep/er"), { recursive: true });
    repo.git("mv", "flags/a2.yaml", "flags/deep/er/a.yaml");
    c.push(repo.commit("move a deeper"));
    repo.git("tag", "v1", c[0]);
  });
  afterAll(() => repo.cleanup());

  it("reads each commit's config files, following renames and deletions", async () => {
    const first = await readTreeAt(repo.dir, "HEAD~2");
    expect(first.commit).toBe(c[0]);
    expect(paths(first.files)).toEqual([
      "config-schemas/banner.schema.json",
      "flagctl.yaml",
      "flags/a.yaml",
      "flags/b/c.yaml",
      "segments/staff.yaml",
      "tests/t.yaml",
    ]);
    expect(text(first.files, "flagctl.yaml")).toContain("project: one");

    const second = await readTreeAt(repo.dir, c[1]);
    expect(paths(second.files)).toEqual(["config-schemas/banner.schema.json", "flagctl.yaml", "flags/a2.yaml", "flags/b/c.yaml", "flags/bin.yaml", "tests/t.yaml"]);
    expect(text(second.files, "flagctl.yaml")).toContain("project: two");
    expect(text(second.files, "flags/a2.yaml")).toBe("default: false\n");

    const head = await readTreeAt(repo.dir, "HEAD");
    expect(head.commit).toBe(c[2]);
    expect(paths(head.files)).toContain("flags/deep/er/a.yaml");
    expect(paths(head.files)).not.toContain("flags/a2.yaml");
  });

  it("resolves tags, short shas and branch names", async () => {
    expect((await readTreeAt(repo.dir, "v1")).commit).toBe(c[0]);
    expect((await readTreeAt(repo.dir, c[1].slice(0, 8))).commit).toBe(c[1]);
    expect((await readTreeAt(repo.dir, "main")).commit).toBe(c[2]);
  });

  it("passes a non-UTF-8 binary file through as its exact bytes", async () => {
    const { files } = await readTreeAt(repo.dir, "HEAD");
    expect(Array.from(files.find((f) => f.path === "flags/bin.yaml")!.bytes)).toEqual(Array.from(binary));
  });

  it("leaves the work tree and the index untouched", async () => {
    repo.write({ "flags/b/c.yaml": "default: 'edited, unstaged'\n", "flags/new.yaml": "default: 1\n" });
    repo.git("add", "flags/new.yaml");
    const before = { status: repo.git("status", "--porcelain"), index: sha(join(repo.dir, ".git/index")), file: readFileSync(join(repo.dir, "flags/b/c.yaml"), "utf8") };
    const old = await readTreeAt(repo.dir, "HEAD~2");
    expect(text(old.files, "flags/b/c.yaml")).toBe("default: true\n");
    expect(paths(old.files)).not.toContain("flags/new.yaml");
    expect(repo.git("status", "--porcelain")).toBe(before.status);
    expect(sha(join(repo.dir, ".git/index"))).toBe(before.index);
    expect(readFileSync(join(repo.dir, "flags/b/c.yaml"), "utf8")).toBe(before.file);
    repo.git("reset", "-q", "--hard");
    repo.remove("flags/new.yaml");
  });

  it("refuses an unknown revision with a GitError (exit 3) naming it", async () => {
    const err = await readTreeAt(repo.dir, "origin/nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).exitCode).toBe(3);
    expect((err as GitError).message).toBe('unknown git revision "origin/nope"');
    expect((err as GitError).hint).toMatch(/fetch/);
    await expect(readTreeAt(repo.dir, "deadbeef")).rejects.toThrow(/unknown git revision "deadbeef"/);
    await expect(readTreeAt(repo.dir, "--output=/tmp/x")).rejects.toBeInstanceOf(GitError);
    await expect(readTreeAt(repo.dir, "HEAD:flagctl.yaml")).rejects.toThrow(/unknown git revision/);
  });

  it("refuses a directory that is not in a git repo, or does not exist", async () => {
    const plain = tempGitRepo("flagctl-nogit-");
    plain.remove(".git");
    try {
      const err = await readTreeAt(plain.dir, "HEAD").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitError);
      expect((err as GitError).message).toMatch(/is not inside a git repository/);
      await expect(readTreeAt(join(plain.dir, "missing"), "HEAD")).rejects.toBeInstanceOf(GitError);
    } finally {
      plain.cleanup();
    }
  });

  it("refuses HEAD in a repo with no commits", async () => {
    const empty = tempGitRepo();
    try {
      await expect(readTreeAt(empty.dir, "HEAD")).rejects.toThrow(/unknown git revision "HEAD"/);
    } finally {
      empty.cleanup();
    }
  });
});

describe("isConfigFile", () => {
  it("selects what reading the work tree selects", () => {
    const yes = ["flagctl.yaml", "flags/a.yaml", "flags/notes.txt", "segments/s.yaml", "tests/x/t.yaml", "schemas/flag.schema.json", "cfg/banner.yml"];
    const no = ["README.md", "src/main.ts", "node_modules/x/package.json", "dist/a.json", "flags/node_modules/a.yaml", "flags", "notes.txt"];
    for (const p of yes) expect([p, isConfigFile(p, 100)]).toEqual([p, true]);
    for (const p of no) expect([p, isConfigFile(p, 100)]).toEqual([p, false]);
    expect(isConfigFile("big.json", 2 * 1024 * 1024)).toBe(false);
    expect(isConfigFile("flags/big.yaml", 2 * 1024 * 1024)).toBe(true);
  });
});

describe("readTreeAt with the config repo in a subdirectory", () => {
  let repo: TempGitRepo;
  beforeAll(() => {
    repo = tempGitRepo();
    repo.write({ "app/package.json": "{}\n", "README.md": "x\n" });
    repo.commit("app only");
    repo.write({
      "config/flagctl.yaml": "project: sub\n",
      "config/flags/a.yaml": "default: false\n",
      "config/schemas/x.json": "{}\n",
      "config/notes.txt": "not config\n",
    });
    repo.commit("add config");
  });
  afterAll(() => repo.cleanup());

  it("returns paths relative to the config dir and nothing outside it", async () => {
    const { files } = await readTreeAt(join(repo.dir, "config"), "HEAD");
    expect(paths(files)).toEqual(["flagctl.yaml", "flags/a.yaml", "schemas/x.json"]);
  });

  it("reads every file with include: () => true, and works from any depth", async () => {
    const all = await readTreeAt(join(repo.dir, "config"), "HEAD", { include: () => true });
    expect(paths(all.files)).toEqual(["flagctl.yaml", "flags/a.yaml", "notes.txt", "schemas/x.json"]);
    const deeper = await readTreeAt(join(repo.dir, "config", "flags"), "HEAD");
    expect(paths(deeper.files)).toEqual(["a.yaml"]);
  });

  it("says so when the config dir did not exist at the revision", async () => {
    const err = await readTreeAt(join(repo.dir, "config"), "HEAD~1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).toMatch(/config repo directory config does not exist at HEAD~1/);
  });
});

describe("readTreeAt at scale", () => {
  // Correctness at scale only; speed is measured by bench/diff.mjs, not asserted here (shared machines are noisy).
  it("reads 10,000 flag files at a revision", async () => {
    const repo = tempGitRepo();
    try {
      const files: Record<string, string> = { "flagctl.yaml": "project: big\n" };
      for (let i = 0; i < 10_000; i++) files[`flags/area${i % 100}/flag${i}.yaml`] = `default: ${i % 2 === 0}\ndescription: flag ${i}\n`;
      repo.write(files);
      repo.commit("10k flags");
      const { files: read } = await readTreeAt(repo.dir, "HEAD");
      expect(read).toHaveLength(10_001);
      expect(text(read, "flags/area7/flag4207.yaml")).toBe("default: false\ndescription: flag 4207\n");
    } finally {
      repo.cleanup();
    }
  }, 120_000);
});

function sha(file: string) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
