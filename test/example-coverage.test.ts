// The issue asks the example repo's tests/ to cover every flag in flags/: each flag is expected (exact test)
// or sampled (population test) by at least one golden test, loaded through the real pipeline.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepo } from "./helpers/tempRepo.js";

describe("example repo test coverage", () => {
  it("every flag in flags/ is named by at least one test in tests/", () => {
    const repo = loadRepo(resolve(import.meta.dirname, ".."));
    const named = new Set(repo.tests.flatMap((t) => (t.kind === "exact" ? Object.keys(t.expect) : [t.flag])));
    expect(repo.flags.size).toBeGreaterThan(20);
    expect([...repo.flags.keys()].filter((k) => !named.has(k))).toEqual([]);
  });
});
