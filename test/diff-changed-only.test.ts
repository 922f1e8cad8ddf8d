// flagctl diff loads only the flags whose files differ (and their prerequisites) when the rest of the repo is
// identical. These tests run every case both ways — the shortcut and `loadEverything` — over real git repos
// holding a copy of this project's example config, and require byte-identical output.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { render } from "../src/cli/reporters/index.js";
import { canonicalJson, type DiffReport } from "../src/core/index.js";
import { RepoLoader, runDiff } from "../src/app/index.js";
import { readTreeAt } from "../src/git/readTreeAt.js";
import { readRepoFiles } from "../src/repo/readRepo.js";
import { openStoreFromOptions } from "../src/cli/storeOptions.js";
import { assembleRelease } from "../src/release/build.js";
import { openStore, writePointer, putRelease } from "../src/store/index.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";

const EXAMPLE = join(import.meta.dirname, "..");
const NOW = Date.UTC(2026, 10, 21, 12);
let repo: TempGitRepo;
let base: string;
let storeDir: string;
let storeUrl: string;

const read = (path: string) => readFileSync(join(repo.dir, path), "utf8");
const edit = (path: string, from: string, to: string) => {
  const text = read(path);
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  repo.write({ [path]: text.replace(from, to) });
};

/** Both loading paths on the same inputs: every format must print the same bytes. */
async function both(sides: { a?: string; b?: string; base?: string }, store?: string): Promise<DiffReport> {
  const run = (loadEverything: boolean) =>
    runDiff({ root: repo.dir, ...sides, openStore: (projectStore) => openStoreFromOptions({ store }, { cwd: repo.dir, env: {}, projectStore, projectDir: repo.dir }), allowBreaking: false, now: NOW, loadEverything });
  const fast = await run(false);
  const full = await run(true);
  for (const format of ["json", "text", "markdown"]) expect(render("diff", format, fast, false)).toBe(render("diff", format, full, false));
  return fast;
}

/** The flag keys the shortcut loads for base → working tree, or "all" when it falls back to the whole repo. */
async function loadedKeys(): Promise<string[] | "all"> {
  const loader = new RepoLoader("2026-11-21");
  const [a, b] = await loader.pair(await loader.readRevision(repo.dir, base), loader.readWorkTree(repo.dir));
  expect(Boolean(a.complete)).toBe(Boolean(b.complete));
  if (!a.complete) return "all";
  return [...new Set([...a.repo.flags.keys(), ...b.repo.flags.keys()])].sort();
}

beforeAll(async () => {
  repo = tempGitRepo("flagctl-diff-changed-");
  for (const dir of ["flags", "segments", "tests", "config-schemas"]) cpSync(join(EXAMPLE, dir), join(repo.dir, dir), { recursive: true });
  cpSync(join(EXAMPLE, "flagctl.yaml"), join(repo.dir, "flagctl.yaml"));
  // What prod runs: a release built from a commit where trial-length-days also served 60 and ui.legacy existed.
  const trial = "flags/growth/trial-length-days.yaml";
  const original = read(trial);
  repo.write({
    [trial]: original.replace("variations: [14, 30]", "variations: [14, 30, 60]").replace("serve: 30", "serve: 60"),
    "flags/ui/legacy.yaml": `description: Old layout\nowner: "@acme/web"\nkind: ops\ntype: boolean\ndefault: false\nenvironments:\n  prod: true\n`,
  });
  const deployedCommit = repo.commit("what prod runs");
  storeDir = mkdtempSync(join(tmpdir(), "flagctl-diff-changed-store-"));
  storeUrl = `file://${storeDir}`;
  const store = openStore(storeUrl);
  const loaded = await new RepoLoader("2026-11-21").atRevision(repo.dir, "HEAD");
  const envs = Object.fromEntries(Object.entries(loaded.models).map(([env, m]) => [env, Buffer.from(canonicalJson(m))]));
  const rel = assembleRelease({ project: "acme-web", git: { commit: deployedCommit, commitTime: new Date(NOW), dirty: false }, envs, parent: null, signKey: null });
  await putRelease(store, rel.version, rel.files.map((f) => ({ path: f.path, body: Buffer.from(f.body) })));
  await writePointer(store, "prod", null, { stable: rel.version, candidate: null, percent: 0, updatedAt: "2026-11-21T10:00:00Z", by: "test", reason: "first" });

  repo.write({ [trial]: original });
  repo.remove("flags/ui/legacy.yaml");
  base = repo.commit("base");
});
afterAll(() => {
  repo.cleanup();
  rmSync(storeDir, { recursive: true, force: true });
});
beforeEach(() => {
  repo.git("checkout", "-q", "--", ".");
  repo.git("clean", "-q", "-fd");
});

describe("only flag files differ: the shortcut", () => {
  it("a flag edit loads that flag and its unchanged prerequisite; sample counts need the prerequisite", async () => {
    edit("flags/ui/nav-v2.yaml", "        if: { flag: { ui.design-system-v3: true } }\n        serve: { rollout: { true: 20, false: 80 } }", "        if: { flag: { ui.design-system-v3: true } }\n        serve: false");
    expect(await loadedKeys()).toEqual(["ui.design-system-v3", "ui.nav-v2"]);
    const report = await both({ base });
    const prod = report.envs.find((e) => e.env === "prod")!;
    expect(prod.flags.map((f) => f.key)).toEqual(["ui.nav-v2"]);
    // Users who have design system v3 and were in nav-v2's 20% lose it: counted only if the prerequisite evaluates.
    expect(prod.flags[0].sample!.changed).toBeGreaterThan(0);
    await both({ a: `prod@${base}`, b: "prod" });
  });

  it("a flag added, a flag removed, and a test file changed", async () => {
    repo.remove("flags/checkout/paypal.yaml");
    repo.write({ "flags/growth/referrals-v2.yaml": `description: Referrals v2\nowner: "@acme/growth"\nkind: release\nexpires: 2027-06-30\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: { flag: { ui.nav-v2: true } }\n        serve: true\n    serve: false\n` });
    edit("tests/ui.yaml", "tests:\n", "tests:\n  - name: extra\n    env: prod\n    context: { user: U0EXTRA01 }\n    expect: { ui.nav-v2: false }\n");
    // The new flag's prerequisite, and that one's prerequisite in turn.
    expect(await loadedKeys()).toEqual(["checkout.paypal", "growth.referrals-v2", "ui.design-system-v3", "ui.nav-v2"]);
    const report = await both({ base });
    const prod = report.envs.find((e) => e.env === "prod")!;
    expect(prod.summary).toMatchObject({ added: 1, removed: 1 });
    expect(prod.sample!.total).toBeGreaterThan(0);
  });

  it("git revision against git revision", async () => {
    edit("flags/search/ranker.yaml", "@acme/search-relevance", "@acme/search-ranking");
    repo.commit("ranker owner");
    try {
      const report = await both({ a: `prod@${base}`, b: "prod@HEAD" });
      expect(report.envs[0].flags.map((f) => f.key)).toEqual(["search.ranker"]);
    } finally {
      repo.git("reset", "-q", "--hard", base);
    }
  });

  it("nothing differs", async () => {
    expect(await loadedKeys()).toEqual([]);
    const report = await both({ base });
    expect(report.envs.every((e) => e.flags.length === 0)).toBe(true);
  });

  it("the breaking-change check still sees every flag: deployed releases differ from both sides", async () => {
    edit("flags/ui/nav-v2.yaml", "expires: 2027-06-30", "expires: 2027-09-30");
    const report = await both({ base }, storeUrl);
    // Neither finding is about a file this diff changes.
    expect(report.breaking.found.map((b) => b.flag).sort()).toEqual(["growth.trial-length-days", "ui.legacy"]);
  });
});

describe("anything else differs: both sides load whole, same output", () => {
  it("a segment edit", async () => {
    edit("segments/beta-testers.yaml", "- beta: true", "- beta: true\n    - plan: enterprise");
    expect(await loadedKeys()).toBe("all");
    const report = await both({ base });
    expect(report.envs.find((e) => e.env === "prod")!.segments.length).toBe(1);
  });

  it("a flagctl.yaml edit", async () => {
    edit("flagctl.yaml", "project: acme-web", "project: acme-web # renamed later");
    expect(await loadedKeys()).toBe("all");
    await both({ base });
  });

  it("a referenced schema file edit", async () => {
    expect(read("flags/billing/dunning-schedule.yaml")).toContain("schema: config-schemas/dunning-schedule.schema.json");
    edit("config-schemas/dunning-schedule.schema.json", "{", '{\n  "$comment": "edited",');
    expect(await loadedKeys()).toBe("all");
    await both({ base });
  });

  it("different environments on the two sides are never paired", async () => {
    edit("flags/ui/nav-v2.yaml", "true: 20, false: 80", "true: 30, false: 70");
    const report = await both({ a: `staging@${base}`, b: "prod" });
    expect(report.envs[0].flags.length).toBeGreaterThan(1);
  });
});

describe("reading a revision next to the working tree", () => {
  it("files the work tree holds unchanged are taken from it; the result is what git holds", async () => {
    edit("flags/ui/nav-v2.yaml", "expires: 2027-06-30", "expires: 2027-09-30");
    repo.remove("flags/checkout/paypal.yaml");
    repo.write({ "flags/growth/new.yaml": "description: x\n" });
    const work = readRepoFiles(repo.dir);
    const reused = await readTreeAt(repo.dir, base, { reuse: work });
    const plain = await readTreeAt(repo.dir, base);
    expect(reused.files.map((f) => [f.path, Buffer.from(f.bytes).toString("latin1")])).toEqual(plain.files.map((f) => [f.path, Buffer.from(f.bytes).toString("latin1")]));
    const workBytes = new Map(work.map((f) => [f.path, f.bytes]));
    const shared = reused.files.filter((f) => workBytes.get(f.path) === f.bytes).map((f) => f.path);
    // All but the edited flag and the one the work tree no longer has.
    expect(plain.files.length - shared.length).toBe(2);
    expect(shared).not.toContain("flags/ui/nav-v2.yaml");
    expect(shared).not.toContain("flags/checkout/paypal.yaml");
  });
});
