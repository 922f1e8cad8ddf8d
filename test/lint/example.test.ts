// The project's own example config (flags/, segments/, tests/, flagctl.yaml) is what the README walks through:
// it must lint without a finding, and the lint must actually be looking at it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { lintRepo } from "../../src/core/index.js";
import { repoFromFiles } from "../helpers/repo.js";
import { TODAY } from "./fixtures.js";

const root = new URL("../..", import.meta.url).pathname;

function readTree(dir: string, out: Record<string, string>) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, out);
    else out[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
  }
}

function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = { "flagctl.yaml": readFileSync(join(root, "flagctl.yaml"), "utf8") };
  for (const dir of ["flags", "segments", "tests", "config-schemas"]) readTree(join(root, dir), files);
  return files;
}

describe("the example config repo", () => {
  it("lints clean", () => {
    const { repo, diagnostics } = repoFromFiles(exampleFiles());
    expect(diagnostics).toEqual([]);
    expect(repo.flags.size).toBeGreaterThanOrEqual(20);
    expect(lintRepo(repo, { today: TODAY })).toEqual([]);
  });

  it("gets findings once a flag is broken the way a user would break it", () => {
    const files = exampleFiles();
    const path = Object.keys(files).find((p) => p.startsWith("flags/") && files[p].includes("plan:"))!;
    files[path] = files[path].replace("plan:", "plna:");
    const { repo } = repoFromFiles(files);
    const found = lintRepo(repo, { today: TODAY }).filter((d) => d.code === "FLAG030");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file: path, severity: "error" });
    expect(found[0].message).toContain("did you mean `plan`");
  });
});
