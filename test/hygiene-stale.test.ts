// `flagctl stale`: reasons from the config (expired, uniform), from code (unreferenced) and from a real file://
// store whose release history the suite builds with the real build, publish and pointer functions, at
// controlled times (settled).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findStaleFlags, movePointer } from "../src/app/index.js";
import { parseNow } from "../src/cli/commands/stale.js";
import { findStale, uniformValue, checkRepo } from "../src/core/index.js";
import { openStore, type ObjectStore } from "../src/store/index.js";
import { runCli } from "./helpers/runCli.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";
import { loadRepo, writeRepo } from "./helpers/tempRepo.js";
import { readRepo } from "../src/repo/readRepo.js";
import { schemaValidator } from "../src/schemas.js";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const PROJECT = `project: t
environments: [dev, prod]
rollout:
  prod: { steps: [50, 100] }
context:
  user: string
stale:
  settledAfter: 30d
`;
const ruled = (owner: string, served: string) =>
  `description: d\nowner: "${owner}"\nkind: ops\ndefault: false\nenvironments:\n  dev: true\n  prod:\n    rules:\n      - if: { user: { in: [${served}] } }\n        serve: true\n    serve: false\n`;

interface Staled {
  code: number;
  flags: { key: string; owner: string | null; reasons: string[]; detail: string }[];
}
async function stale(cwd: string, ...args: string[]): Promise<Staled> {
  const r = await runCli(cwd, "stale", "--format", "json", ...args);
  if (r.err) throw new Error(r.err);
  return { code: r.code, flags: (JSON.parse(r.out) as { flags: Staled["flags"] }).flags };
}
const reasonsOf = (s: Staled, key: string) => s.flags.find((f) => f.key === key)?.reasons ?? [];

describe("stale reasons from the config and the code", () => {
  let repo: string;
  let code: TempGitRepo;
  beforeAll(() => {
    repo = writeRepo({
      "flagctl.yaml": PROJECT,
      "flags/a/expired.yaml": 'description: d\nowner: "@web"\nkind: release\nexpires: 2026-03-01\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: { user: u1 }\n        serve: true\n    serve: false\n',
      "flags/a/everywhere.yaml": 'description: d\nowner: "@web"\nkind: ops\ndefault: true\nenvironments:\n  dev: true\n  prod: { serve: true }\n',
      "flags/a/kill.yaml": 'description: d\nowner: "@sre"\nkind: kill-switch\ndefault: false\nenvironments:\n  dev: false\n  prod: false\n',
      "flags/a/split.yaml": 'description: d\nowner: "@web"\nkind: ops\ndefault: false\nenvironments:\n  prod: { serve: { rollout: { true: 50, false: 50 } } }\n',
      "flags/a/mixed.yaml": 'description: d\nowner: "@api"\nkind: ops\ndefault: false\nenvironments:\n  dev: true\n',
      "flags/b/used.yaml": ruled("@api", "u1"),
    });
    cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
    code = tempGitRepo("flagctl-code-");
    cleanups.push(code.cleanup);
    code.write({ "main.ts": 'if (flags.boolean("b.used")) {}\n// a.kill guards the checkout\n' });
    code.commit("code");
  });

  it("gives each stale flag its owner, reasons and one line of detail", async () => {
    const s = await stale(repo, "--no-store", "--now", "2026-11-25", "--code", code.dir);
    expect(s.code).toBe(0);
    expect(s.flags).toEqual([
      { key: "a.everywhere", owner: "@web", reasons: ["unreferenced", "uniform"], detail: "no references in 1 code dir; serves true everywhere", kind: "ops", file: "flags/a/everywhere.yaml" },
      { key: "a.expired", owner: "@web", reasons: ["expired", "unreferenced"], detail: "expired 2026-03-01, 269 days ago; no references in 1 code dir", kind: "release", file: "flags/a/expired.yaml" },
      { key: "a.mixed", owner: "@api", reasons: ["unreferenced"], detail: "no references in 1 code dir", kind: "ops", file: "flags/a/mixed.yaml" },
      { key: "a.split", owner: "@web", reasons: ["unreferenced"], detail: "no references in 1 code dir", kind: "ops", file: "flags/a/split.yaml" },
    ]);
  });

  it("checks unreferenced only when code dirs are given; --exit-code makes stale flags exit 1", async () => {
    const s = await stale(repo, "--no-store", "--now", "2026-02-28", "--exit-code");
    expect(s.flags.map((f) => [f.key, f.reasons])).toEqual([["a.everywhere", ["uniform"]]]);
    expect(s.code).toBe(1);
    expect((await stale(repo, "--no-store", "--now", "2026-02-28")).code).toBe(0);
  });

  it("expires the day after the expires date", async () => {
    expect(reasonsOf(await stale(repo, "--no-store", "--now", "2026-03-01"), "a.expired")).toEqual([]);
    expect(reasonsOf(await stale(repo, "--no-store", "--now", "2026-03-02T00:00:00Z"), "a.expired")).toEqual(["expired"]);
  });

  it("renders a markdown checklist grouped by owner", async () => {
    const r = await runCli(repo, "stale", "--no-store", "--now", "2026-11-25", "--code", code.dir, "--format", "markdown");
    expect(r.code).toBe(0);
    expect(r.out).toContain("<!-- flagctl-stale -->\n### Stale flags: 4 of 6");
    const owners = [...r.out.matchAll(/^#### (\S+) \((\d+)\)$/gm)].map((m) => [m[1], m[2]]);
    expect(owners).toEqual([["@api", "1"], ["@web", "3"]]);
    expect(r.out).toContain("- [ ] `a.expired` — **expired, unreferenced**: expired 2026-03-01, 269 days ago; no references in 1 code dir");
  });

  it("refuses a malformed --now before reading anything (exit 2)", async () => {
    for (const bad of ["yesterday", "2026-02-30", "2026-11-25T10:00:00", "0x14"]) {
      const r = await runCli(repo, "stale", "--now", bad);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/--now .* is not a date/);
    }
    expect(parseNow("2026-11-25").toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(parseNow("2026-11-25T10:00:00+02:00").toISOString()).toBe("2026-11-25T08:00:00.000Z");
  });

  it("uniform: one value to everyone in every environment, defaults included; split and rules are not", () => {
    const { files } = readRepo(repo);
    const flags = checkRepo(files, { today: "2026-11-25", validator: schemaValidator() }).repo!.flags;
    expect(uniformValue(flags.get("a.everywhere")!, ["dev", "prod"])).toBe("true");
    expect(uniformValue(flags.get("a.mixed")!, ["dev", "prod"])).toBeUndefined(); // dev true, prod the default false
    expect(uniformValue(flags.get("a.mixed")!, ["prod"])).toBe("false");
    expect(uniformValue(flags.get("a.split")!, ["dev", "prod"])).toBeUndefined();
    expect(uniformValue(flags.get("b.used")!, ["dev", "prod"])).toBeUndefined();
    // A kill switch sits still by design.
    expect(findStale({ flags: [flags.get("a.kill")!], environments: ["dev", "prod"], now: new Date("2026-11-25") })).toEqual([]);
  });
});

describe("settled, from a store's release history", () => {
  let config: TempGitRepo;
  let storeDir: string;
  let store: ObjectStore;
  const versions: string[] = [];
  const day = (iso: string) => new Date(iso);

  async function publish(): Promise<string> {
    const r = await runCli(config.dir, "publish", "--build", "--store", `file://${storeDir}`, "--format", "json");
    if (r.code !== 0) throw new Error(r.err + r.out);
    return (JSON.parse(r.out) as { version: string }).version;
  }
  const move = (env: string, action: Parameters<typeof movePointer>[0]["action"], at: string) =>
    movePointer({ store, project: { environments: ["dev", "prod"], pipeline: [], rollout: { prod: { steps: [50, 100], bakeMs: 0, loc: { file: "", line: 1, column: 1 } } } }, env, action, now: day(at), actor: "test", bakeMs: 0 });
  async function promoteFully(version: string, at: string): Promise<void> {
    await move("dev", { kind: "promote", version }, at);
    await move("prod", { kind: "promote", version }, at);
    await move("prod", { kind: "rollout" }, at.replace("T00", "T01"));
  }

  beforeAll(async () => {
    config = tempGitRepo("flagctl-config-");
    cleanups.push(config.cleanup);
    storeDir = mkdtempSync(join(tmpdir(), "flagctl-store-"));
    cleanups.push(() => rmSync(storeDir, { recursive: true, force: true }));
    store = openStore(`file://${storeDir}`);
    config.write({ "flagctl.yaml": PROJECT, "flags/a/steady.yaml": ruled("@web", "u1"), "flags/a/moving.yaml": ruled("@web", "u1") });
    config.commit("v1");
    versions.push(await publish());
    // v2 changes what a.moving serves, and only the owner of a.steady (not what it serves).
    config.write({ "flags/a/moving.yaml": ruled("@web", "u1, u2"), "flags/a/steady.yaml": ruled("@payments", "u1") });
    config.commit("v2");
    versions.push(await publish());
    await promoteFully(versions[0], "2026-09-01T00:00:00Z");
    await promoteFully(versions[1], "2026-10-20T00:00:00Z");
  }, 60_000);

  const settled = async (now: string) => (await stale(config.dir, "--store", `file://${storeDir}`, "--now", now)).flags.filter((f) => f.reasons.includes("settled"));

  it("shows settled only past the threshold, counted from the release that last changed what the flag serves", async () => {
    // a.steady has served the same thing since v1 became stable in prod (09-01 01:00); a.moving since v2 (10-20 01:00).
    expect((await settled("2026-10-01T01:00:00Z")).map((f) => f.key)).toEqual([]); // exactly 30 days: not longer
    expect((await settled("2026-10-01T01:00:01Z")).map((f) => f.key)).toEqual(["a.steady"]);
    const s = await settled("2026-11-19T01:00:01Z");
    expect(s.map((f) => f.key)).toEqual(["a.moving", "a.steady"]);
    expect(s.find((f) => f.key === "a.steady")!.detail).toBe("unchanged in every environment's stable release for 79 days (since 2026-09-01)");
    expect(s.find((f) => f.key === "a.moving")!.detail).toBe("unchanged in every environment's stable release for 30 days (since 2026-10-20)");
    expect((await settled("2026-11-19T00:59:59Z")).map((f) => f.key)).toEqual(["a.steady"]);
  });

  it("is not settled while a candidate that changes the flag rolls out, nor after a rollback changes it", async () => {
    // v3 changes a.steady; it reaches dev fully and half of prod.
    config.write({ "flags/a/steady.yaml": ruled("@payments", "u3") });
    config.commit("v3");
    versions.push(await publish());
    await move("dev", { kind: "promote", version: versions[2] }, "2026-11-20T00:00:00Z");
    // dev serves a.steady as a bare `true` in every release: v3 changes nothing there.
    expect((await settled("2026-11-25T00:00:00Z")).map((f) => f.key)).toEqual(["a.moving", "a.steady"]);
    await move("dev", { kind: "rollback" }, "2026-11-21T00:00:00Z"); // dev back on v2
    await move("prod", { kind: "promote", version: versions[2] }, "2026-11-21T00:00:00Z");
    expect((await settled("2026-11-25T00:00:00Z")).map((f) => f.key)).toEqual(["a.moving"]);
    await move("prod", { kind: "rollback" }, "2026-11-22T00:00:00Z"); // candidate dropped
    expect((await settled("2026-11-25T00:00:00Z")).map((f) => f.key)).toEqual(["a.moving", "a.steady"]);
    // prod returns to v1: what a.moving serves changed on 11-23, so the clock restarts.
    await move("prod", { kind: "rollback" }, "2026-11-23T00:00:00Z");
    expect((await settled("2026-11-25T00:00:00Z")).map((f) => f.key)).toEqual(["a.steady"]);
  });

  it("the use case returns the timelines it judged by", async () => {
    const r = await findStaleFlags({ repo: loadRepo(config.dir), now: day("2026-11-25T00:00:00Z") }, { store });
    expect(r.store?.environments.map((e) => [e.env, e.stables.map((s) => versions.indexOf(s.version))])).toEqual([
      ["dev", [0, 1, 2, 1]],
      ["prod", [0, 1, 0]],
    ]);
  });

  it("reads releases through the shared verification: an altered env file is a broken store (exit 3), never a settled flag", async () => {
    const file = join(storeDir, "releases", versions[0], "envs", "prod.json");
    const original = readFileSync(file);
    try {
      writeFileSync(file, Buffer.concat([original, Buffer.from(" ")]));
      const r = await runCli(config.dir, "stale", "--store", `file://${storeDir}`, "--now", "2026-11-25", "--format", "json");
      expect(r.code).toBe(3);
      expect(JSON.parse(r.out).error).toMatchObject({ code: "E_STORE_CORRUPT", message: expect.stringContaining("envs/prod.json does not match the manifest") });
    } finally {
      writeFileSync(file, original);
    }
  });
});
