// flagctl diff end to end, in-process, over real git repos in temp dirs and a file:// store.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../src/core/index.js";
import { assembleRelease } from "../src/release/build.js";
import { RepoLoader } from "../src/app/index.js";
import { openStore, putRelease, readPointer, writePointer } from "../src/store/index.js";
import { diffRepo } from "./helpers/diffRepo.js";
import { runCli } from "./helpers/runCli.js";

type Repo = ReturnType<typeof diffRepo>;
let repo: Repo;
const cli = (...args: string[]) => runCli(repo.dir, "diff", ...args);

beforeAll(() => {
  repo = diffRepo();
});
afterAll(() => repo.cleanup());

describe("git sources", () => {
  it("prod@HEAD~2 → prod@HEAD~1: the rollout and owner change, with the exact share moved", async () => {
    const r = await cli("prod@HEAD~2", "prod@HEAD~1");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("prod: prod@HEAD~2 → prod@HEAD~1 — 0 added, 0 removed, 1 changed");
    expect(r.out).toContain("owner @acme/payments → @acme/checkout");
    expect(r.out).toContain("fallthrough rollout true 10% → 25% — moves exactly 15.000% of units matching no rule");
  });

  it("prod@HEAD~1 → prod (working tree): removed, added, condition changed, reorder", async () => {
    const r = await cli("prod@HEAD~1", "prod");
    expect(r.out).toContain("+ growth.referrals  added (boolean): serves true to everyone");
    expect(r.out).toContain("- ui.old-banner  removed (was boolean: serves true to everyone)");
    expect(r.out).toContain('rule "partners" condition: team in [T1, T2] and country = US → team in [T1, T3] and country = US');
    // partners (country = US) and blocked (country in [CN, RU]) cannot both match
    expect(r.out).toMatch(/rules reordered: "partners", "blocked" → "blocked", "partners" \(harmless/);
    // golden tests: the two prod contexts keep their values
    expect(r.out).toContain("0 of 2 contexts change value");
  });

  it("--base HEAD~1 compares every environment; the work tree is untouched", async () => {
    repo.write({ "flags/search/ranker.yaml": readFileSync(join(repo.dir, "flags/search/ranker.yaml"), "utf8").replace("prod: neural", "prod: bm25") });
    try {
      const r = await cli("--base", "HEAD~1");
      expect(r.code).toBe(0);
      expect(r.out).toContain("value neural → bm25 — moves exactly 100.000% of all units");
      expect(r.out).toContain("dev: dev@HEAD~1 → dev (working tree) — 1 added, 1 removed, 0 changed");
      expect(r.out).toContain("+ growth.referrals  added (boolean): no config here: serves the default false");
      expect(repo.git("status", "--porcelain")).toBe(" M flags/search/ranker.yaml\n");
    } finally {
      repo.git("checkout", "--", "flags/search/ranker.yaml");
    }
  });

  it("two environments of the working tree: qa prod", async () => {
    const r = await cli("qa", "prod");
    expect(r.out).toContain("qa → prod: qa (working tree) → prod (working tree)");
    expect(r.out).toContain("search.ranker\n      config added: serves neural to everyone — moves exactly 100.000% of all units");
    expect(r.out).toContain("fallthrough false → rollout true 25% / false 75% (by user) — moves exactly 25.000% of units matching no rule");
    expect(r.out).toContain('rule "staff" removed (was: if plan = enterprise serve true)');
  });

  it("--exit-code: 1 with differences, 0 without", async () => {
    expect((await cli("prod@HEAD~1", "prod", "--exit-code")).code).toBe(1);
    expect((await cli("prod@HEAD", "prod", "--exit-code")).code).toBe(0);
    expect((await cli("prod@HEAD~1", "prod")).code).toBe(0);
  });

  it("a side that does not parse is refused (exit 1); a broken flagctl.yaml is exit 2", async () => {
    const flag = readFileSync(join(repo.dir, "flags/search/ranker.yaml"), "utf8");
    const project = readFileSync(join(repo.dir, "flagctl.yaml"), "utf8");
    try {
      repo.write({ "flags/search/ranker.yaml": flag.replace("type: string", "type: [oops") });
      const bad = await cli("prod@HEAD", "prod");
      expect(bad.code).toBe(1);
      expect(bad.err).toContain("the config at working tree does not load");
      expect(bad.err).toContain("flags/search/ranker.yaml:");
      repo.write({ "flags/search/ranker.yaml": flag, "flagctl.yaml": project.replace("environments: [dev, qa, prod]", "environments: 7") });
      expect((await cli("prod@HEAD", "prod")).code).toBe(2);
    } finally {
      repo.write({ "flags/search/ranker.yaml": flag, "flagctl.yaml": project });
    }
  });

  it("usage and git errors have their exit codes", async () => {
    expect((await cli("prod")).code).toBe(2);
    expect((await cli("prd", "prod")).code).toBe(2);
    const bad = await cli("prod@no-such-rev", "prod");
    expect(bad.code).toBe(3);
    expect(bad.err).toContain("no-such-rev");
  });
});

describe("formats", () => {
  it("json is stable and carries the impact figures", async () => {
    const a = await cli("prod@HEAD~2", "prod@HEAD~1", "--format", "json");
    const b = await cli("prod@HEAD~2", "prod@HEAD~1", "--format", "json");
    expect(a.out).toBe(b.out);
    const report = JSON.parse(a.out);
    const change = report.envs[0].flags[0].changes.find((c: { kind: string }) => c.kind === "fallthrough");
    expect(change.impact).toEqual({ audience: "units matching no rule", share: 15, exact: true });
    expect(report.breaking).toMatchObject({ status: "skipped", found: [] });
    expect(report.breaking.detail).toContain("no store given");
  });

  it("markdown: marker, summary table, details", async () => {
    const r = await cli("--base", "HEAD~2", "--format", "markdown");
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("<!-- flagctl-diff -->");
    expect(r.out).toContain("| environment | added | removed | changed | contexts affected |");
    expect(r.out).toContain("| prod | 1 | 1 | 1 | 0 of 2 test contexts |");
    expect(r.out).toContain("| dev | 1 | 1 | 1 | — |");
    expect(r.out).toContain("#### dev: dev@HEAD~2 → dev (working tree)");
    // prod has more detail lines than fit uncollapsed
    expect(r.out).toContain("<details><summary><b>prod: prod@HEAD~2 → prod (working tree)</b> — 3 flags</summary>");
    expect(r.out).toContain("**`checkout.new-flow`** — changed");
    expect(r.out).toContain("- fallthrough rollout true 10% → 25% — moves exactly 15.000% of units matching no rule");
  });
});

describe("--sample", () => {
  it("counts the sample contexts whose value changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flagctl-sample-"));
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ user: `user-${i}`, country: "FR" }));
    lines.push(JSON.stringify({ context: { user: "x", team: "T2", country: "US" }, static: { host: "web-1" } }));
    writeFileSync(join(dir, "s.jsonl"), lines.join("\n") + "\n");
    const r = await cli("prod@HEAD~2", "prod@HEAD~1", "--sample", join(dir, "s.jsonl"), "--format", "json");
    const report = JSON.parse(r.out);
    const f = report.envs[0].flags[0];
    // Units whose bucket falls in [10000, 25000) move from false to true; the partner keeps true.
    expect(f.sample.total).toBe(201);
    expect(f.sample.changed).toBeGreaterThan(10);
    expect(f.sample.changed).toBeLessThan(55);
    expect(report.envs[0].sample.source).toContain("--sample");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("store sources and breaking changes", () => {
  let storeDir: string;
  let storeUrl: string;
  const versions: string[] = [];

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), "flagctl-diffstore-"));
    storeUrl = `file://${storeDir}`;
    const store = openStore(storeUrl);
    // Publish HEAD~2 and HEAD~1 as releases, built from the same compiler the CLI uses.
    for (const [i, rev] of ["HEAD~2", "HEAD~1"].entries()) {
      const loaded = await new RepoLoader("2026-11-21").atRevision(repo.dir, rev);
      const envs = Object.fromEntries(Object.entries(loaded.models).map(([env, m]) => [env, Buffer.from(canonicalJson(m))]));
      const commit = repo.git("rev-parse", rev).trim();
      const rel = assembleRelease({ project: "diff-test", git: { commit, commitTime: new Date(Date.UTC(2026, 10, 21, 10, i)), dirty: false }, envs, parent: null, signKey: null });
      await putRelease(store, rel.version, rel.files.map((f) => ({ path: f.path, body: Buffer.from(f.body) })));
      versions.push(rel.version);
    }
    await writePointer(store, "prod", null, { stable: versions[0], candidate: null, percent: 0, updatedAt: "2026-11-21T10:00:00Z", by: "test", reason: "first" });
  });
  afterAll(() => rmSync(storeDir, { recursive: true, force: true }));

  it("VERSION:ENV against VERSION:ENV, and a whole release against another", async () => {
    const r = await cli(`${versions[0]}:prod`, `${versions[1]}:prod`, "--store", storeUrl);
    expect(r.err).toBe("");
    expect(r.out).toContain(`prod: ${versions[0]}:prod → ${versions[1]}:prod`);
    expect(r.out).toContain("rollout true 10% → 25% — moves exactly 15.000%");
    expect(r.out).toContain("owner @acme/payments → @acme/checkout");
    expect(r.out).toContain("breaking-change check");
    const all = await cli(versions[0], versions[1], "--store", storeUrl, "--format", "json");
    expect(JSON.parse(all.out).envs.map((e: { env: string }) => e.env)).toEqual(["dev", "prod", "qa"]);
    // A whole release against one environment: only that environment is compared.
    const mixed = JSON.parse((await cli(versions[1], "prod", "--store", storeUrl, "--format", "json", "--allow-breaking")).out);
    expect(mixed.envs.map((e: { from: string; to: string }) => [e.from, e.to])).toEqual([[`${versions[1]}:prod`, "prod (working tree)"]]);
  });

  it("a flag removed while the deployed stable serves it is breaking (exit 1) unless --allow-breaking", async () => {
    const r = await cli("prod@HEAD~1", "prod", "--store", storeUrl);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✖ 1 breaking change");
    expect(r.out).toContain(`flag ui.old-banner is removed but prod stable ${versions[0]} still serves it`);
    const allowed = await cli("prod@HEAD~1", "prod", "--store", storeUrl, "--allow-breaking");
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("allowed by --allow-breaking");
    const md = await cli("--base", "HEAD~1", "--store", storeUrl, "--format", "markdown");
    expect(md.code).toBe(1);
    expect(md.out).toContain("> **1 breaking change**");
  });

  it("flagctl.yaml's store: is used when --store is absent", async () => {
    const project = readFileSync(join(repo.dir, "flagctl.yaml"), "utf8");
    try {
      repo.write({ "flagctl.yaml": `${project}store: ${storeUrl}\n` });
      const r = await cli("prod@HEAD~1", "prod");
      expect(r.code).toBe(1);
      expect(r.out).toContain("flag ui.old-banner is removed but prod stable");
    } finally {
      repo.write({ "flagctl.yaml": project });
    }
  });

  it("without a store the check is skipped, and says so", async () => {
    const r = await cli("prod@HEAD~1", "prod");
    expect(r.code).toBe(0);
    expect(r.out).toContain("breaking-change check skipped: no store given");
  });

  it("prod@deployed shows the stable and, while a candidate rolls out, the candidate with its percentage", async () => {
    const stableOnly = await cli("prod@deployed", "prod", "--store", storeUrl, "--allow-breaking");
    expect(stableOnly.out).toContain(`prod (deployed stable): prod@deployed stable ${versions[0]} → prod (working tree)`);
    const store = openStore(storeUrl);
    const cur = await readPointer(store, "prod");
    await writePointer(store, "prod", { seq: cur.pointer!.seq, etag: cur.etag! }, { stable: versions[0], candidate: versions[1], percent: 25, updatedAt: "2026-11-21T11:00:00Z", by: "test", reason: "promote" });
    const r = await cli("prod@deployed", "prod", "--store", storeUrl, "--allow-breaking", "--format", "json");
    const report = JSON.parse(r.out);
    // The two pairs are named for the deployed release they compare, not both just "prod".
    expect(report.envs.map((e: { env: string }) => e.env)).toEqual(["prod (deployed stable)", "prod (deployed candidate)"]);
    expect(report.envs.map((e: { from: string }) => e.from)).toEqual([
      `prod@deployed stable ${versions[0]} (75% of hosts)`,
      `prod@deployed candidate ${versions[1]} (25% of hosts)`,
    ]);
    // The candidate already has 25%: only the stable side shows the rollout change.
    const rolloutLines = report.envs.map((e: { flags: { key: string; changes: { kind: string }[] }[] }) =>
      e.flags.find((f) => f.key === "checkout.new-flow")?.changes.some((c) => c.kind === "fallthrough") ?? false,
    );
    expect(rolloutLines).toEqual([true, false]);
    // Both deployed releases still serve ui.old-banner.
    expect(report.breaking.found.map((b: { deployed: string }) => b.deployed)).toEqual([`stable ${versions[0]} (75% of hosts)`, `candidate ${versions[1]} (25% of hosts)`]);
  });

  it("a release whose env file was altered in the store is a broken store (exit 3), as for every reader", async () => {
    const file = join(storeDir, "releases", versions[1], "envs", "qa.json");
    const original = readFileSync(file);
    try {
      writeFileSync(file, Buffer.concat([original, Buffer.from(" ")]));
      const r = await cli(`${versions[1]}:qa`, "qa", "--store", storeUrl, "--format", "json");
      expect(r.code).toBe(3);
      expect(JSON.parse(r.out).error).toMatchObject({ code: "E_STORE_CORRUPT", message: expect.stringContaining("envs/qa.json does not match the manifest") });
    } finally {
      writeFileSync(file, original);
    }
  });

  it("an unknown release is a usage error", async () => {
    const r = await cli("v20990101.000000-0000000:prod", "prod", "--store", storeUrl);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is not in");
  });
});
