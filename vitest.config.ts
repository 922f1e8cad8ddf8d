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
  },
});
