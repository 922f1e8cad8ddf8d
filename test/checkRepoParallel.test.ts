// The worker-thread path runs from dist/ (workers load compiled JS): `npm run build` first; `npm test` does it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckRepoResult, SourceFile } from "../src/core/index.js";

const DIST = resolve(import.meta.dirname, "../dist");

const enc = new TextEncoder();

/** A repo of `n` flag files, some broken (schema, YAML), plus a segment, a referenced schema and a stray file. */
function bigRepo(n: number): SourceFile[] {
  const files: SourceFile[] = [
    { path: "flagctl.yaml", bytes: enc.encode("project: p\nenvironments: [dev, prod]\ncontext:\n  user: string\n  team: string\n") },
    { path: "segments/staff.yaml", bytes: enc.encode("description: s\nif: { team: { in: [T1] } }\n") },
    { path: "cs/v.json", bytes: enc.encode('{"type":"object"}') },
  ];
  for (let i = 0; i < n; i++) {
    const text =
      i % 97 === 0
        ? "default: true\nserv: 1\nenvironments: {}\n" // schema error
        : i % 89 === 0
          ? "default: [\n" // YAML error
          : i % 2
            ? `description: d\nowner: o\nkind: ops\ndefault: false\nenvironments:\n  prod: { rules: [ { if: { segment: staff }, serve: true } ], serve: false }\n`
            : `description: d\nowner: o\nkind: ops\ntype: json\nschema: cs/v.json\nvariations: { a: { x: ${i} } }\ndefault: a\nenvironments:\n  prod: a\n`;
    files.push({ path: `flags/area${i % 7}/f${i}.yaml`, bytes: enc.encode(text) });
  }
  files.push({ path: "flags/stray.txt", bytes: enc.encode("x") });
  // Two files over BIG_FILE_BYTES, which threads take out of order (after the first quarter, largest first).
  const tests = Array.from({ length: 900 }, (_, i) => `  - name: t${i}\n    env: prod\n    context: { team: T${i % 3} }\n    expect: { area1.f1: ${i % 3 === 1} }\n`);
  files.push({ path: "tests/big.yaml", bytes: enc.encode(`tests:\n${tests.join("")}`) });
  files.push({ path: "flags/area0/long.yaml", bytes: enc.encode(`description: ${"d".repeat(70_000)}\nowner: o\nkind: ops\ndefault: false\n`) });
  return files;
}

async function load() {
  if (!existsSync(`${DIST}/repo/checkRepoParallel.js`)) throw new Error("dist/ is missing: run `npm run build` first");
  const par = await import(`${DIST}/repo/checkRepoParallel.js`);
  const { checkRepo } = await import(`${DIST}/core/checkRepo.js`);
  const { schemaValidator } = await import(`${DIST}/schemas.js`);
  const { withPlainEnv } = await import(`${DIST}/repo/claimJobs.js`);
  return { ...par, checkRepo, schemaValidator, withPlainEnv };
}

describe("checkRepoParallel", () => {
  it("takes big files after the first quarter of the jobs, largest first, and returns results in job order", async () => {
    const { bigFilesAfterWarmUp, BIG_FILE_BYTES, checkJobsParallel, schemaValidator } = await load();
    const B = BIG_FILE_BYTES;
    expect(bigFilesAfterWarmUp([1, 2, 3])).toEqual([0, 1, 2]);
    expect(bigFilesAfterWarmUp([B, 1, 2, 3, 4, 5, 6, 7, 8, 2 * B, 9])).toEqual([1, 2, 9, 0, 3, 4, 5, 6, 7, 8, 10]);
    const { planRepo } = await import(`${DIST}/core/checkRepo.js`);
    const files = bigRepo(2000);
    const validator = schemaValidator();
    const plan = planRepo(files, validator);
    const results = await checkJobsParallel(plan, files, plan.jobs, validator);
    expect(results.map((r: { path: string }) => r.path)).toEqual(plan.jobs.map((j: { path: string }) => j.path));
  }, 180_000);

  it("gives exactly checkRepo's result on a large repo with broken files", async () => {
    const { checkRepoParallel, PARALLEL_MIN_FILES, checkRepo, schemaValidator } = await load();
    const files = bigRepo(PARALLEL_MIN_FILES + 200);
    const opts = { today: "2026-11-21", validator: schemaValidator() };
    const seq: CheckRepoResult = checkRepo(files, opts);
    const par: CheckRepoResult = await checkRepoParallel(files, opts);
    expect(par.diagnostics).toEqual(seq.diagnostics);
    expect(seq.diagnostics.some((d) => d.code === "SCHEMA001")).toBe(true);
    expect(seq.diagnostics.some((d) => d.code === "YAML003")).toBe(true);
    expect(seq.diagnostics.some((d) => d.code === "REPO001")).toBe(true);
    expect([...par.repo!.flags.keys()]).toEqual([...seq.repo!.flags.keys()]);
    expect(par.repo!.flags.size).toBeGreaterThan(PARALLEL_MIN_FILES);
    expect(par.repo).toEqual(seq.repo);
    expect([...par.sources]).toEqual([...seq.sources]);
  }, 180_000); // two full checks of a 1,500+ file repo: slow on a loaded 2-core machine, not a timing test

  it("gives the same result with workers started early, as validate does, when they are ready before the main thread", async () => {
    const { checkRepoParallel, startCheckWorkers, PARALLEL_MIN_FILES, checkRepo, schemaValidator } = await load();
    const files = bigRepo(PARALLEL_MIN_FILES * 2);
    const workers = startCheckWorkers(files.length);
    expect(workers.length).toBeGreaterThan(0);
    // Give the workers time to start up and compile the schemas, so they take a large share of the jobs.
    await new Promise((r) => setTimeout(r, 1500));
    const opts = { today: "2026-11-21", validator: schemaValidator() };
    const par: CheckRepoResult = await checkRepoParallel(files, opts, workers);
    const seq: CheckRepoResult = checkRepo(files, opts);
    expect(par.diagnostics).toEqual(seq.diagnostics);
    expect(par.repo).toEqual(seq.repo);
    expect([...par.sources]).toEqual([...seq.sources]);
  }, 180_000);

  it("starts no worker for a small repo, and ends unneeded ones", async () => {
    const { checkJobsParallel, startCheckWorkers, PARALLEL_MIN_FILES, checkRepo, schemaValidator } = await load();
    expect(startCheckWorkers(PARALLEL_MIN_FILES - 1)).toEqual([]);
    const { planRepo } = await import(`${DIST}/core/checkRepo.js`);
    const files = bigRepo(PARALLEL_MIN_FILES + 10);
    const validator = schemaValidator();
    const plan = planRepo(files, validator);
    const workers = startCheckWorkers(files.length);
    const few = plan.jobs.slice(0, 50);
    const results = await checkJobsParallel(plan, files, few, validator, workers);
    expect(results.map((r: { path: string }) => r.path)).toEqual(few.map((j: { path: string }) => j.path));
    await Promise.all(workers.map((w: { ended: Promise<Error> }) => w.ended)); // terminated, not left waiting
    const seq = checkRepo(files, { today: "2026-11-21", validator });
    expect(results.flatMap((r: { diagnostics: unknown[] }) => r.diagnostics)).toEqual(
      seq.diagnostics.filter((d) => few.some((j: { path: string }) => j.path === d.file)),
    );
  }, 180_000);

  it("parses with a plain copy of process.env and puts the real one back, even on a throw", async () => {
    const { withPlainEnv } = await load();
    const real = process.env;
    const seen = withPlainEnv(() => process.env);
    expect(seen).not.toBe(real);
    expect(seen).toEqual({ ...real });
    expect(process.env).toBe(real);
    expect(() => withPlainEnv(() => { throw new Error("boom"); })).toThrow("boom");
    expect(process.env).toBe(real);
  });
});
