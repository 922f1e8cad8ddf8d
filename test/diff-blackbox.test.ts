// flagctl diff as users run it: the built CLI (node bin/flagctl.js, dist/) in a separate process.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffRepo } from "./helpers/diffRepo.js";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
let repo: ReturnType<typeof diffRepo>;

function flagctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: repo.dir, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  repo = diffRepo();
});
afterAll(() => repo.cleanup());

describe("flagctl diff (built CLI)", () => {
  it("--base HEAD~1 --format markdown prints the PR comment", async () => {
    const r = await flagctl("diff", "--base", "HEAD~1", "--format", "markdown");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<!-- flagctl-diff -->\n### flagctl diff: `HEAD~1` → `working tree`\n")).toBe(true);
    expect(r.stdout).toContain("| prod | 1 | 1 | 1 | 0 of 2 test contexts |");
  });

  it("prod@HEAD~2 prod@HEAD~1 --exit-code: exit 1 and the exact rollout impact, no colour when piped", async () => {
    const r = await flagctl("diff", "prod@HEAD~2", "prod@HEAD~1", "--exit-code");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fallthrough rollout true 10% → 25% — moves exactly 15.000% of units matching no rule");
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("a user error is one line with a hint and exit 2, no stack", async () => {
    const r = await flagctl("diff", "nope", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('flagctl: no environment "nope"');
    expect(r.stderr).not.toContain("    at ");
  });
});
