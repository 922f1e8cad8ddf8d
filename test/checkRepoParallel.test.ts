// The worker-thread path runs from dist/ (workers load compiled JS): `npm run build` first; `npm test` does it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckRepoResult } from "../src/core/checkRepo.js";
import type { SourceFile } from "../src/core/model.js";

const DIST = resolve(import.meta.dirname, "../dist");

describe("checkRepoParallel", () => {
  it("gives exactly checkRepo's result on a large repo with broken files", async () => {
    if (!existsSync(`${DIST}/repo/checkRepoParallel.js`)) throw new Error("dist/ is missing: run `npm run build` first");
    const { checkRepoParallel, PARALLEL_MIN_FILES } = await import(`${DIST}/repo/checkRepoParallel.js`);
    const { checkRepo } = await import(`${DIST}/core/checkRepo.js`);
    const { schemaValidator } = await import(`${DIST}/schemas.js`);

    const enc = new TextEncoder();
    const files: SourceFile[] = [
      { path: "flagctl.yaml", bytes: enc.encode("project: p\nenvironments: [dev, prod]\ncontext:\n  user: string\n  team: string\n") },
      { path: "segments/staff.yaml", bytes: enc.encode("description: s\nif: { team: { in: [T1] } }\n") },
      { path: "cs/v.json", bytes: enc.encode('{"type":"object"}') },
    ];
    const n = PARALLEL_MIN_FILES + 200;
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
});
