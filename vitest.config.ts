import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The machine has two cores; S3 and CLI suites start child processes.
    pool: "forks",
    maxWorkers: 2,
    // `flagctl status` remembers verified releases in the user's cache dir; tests keep theirs in the temp dir.
    env: { FLAGCTL_CACHE_DIR: join(tmpdir(), "flagctl-test-cache") },
  },
});
