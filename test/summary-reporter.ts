// Ends a run with the plain "N passed, N failed" line that CI systems read, after vitest's own summary.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of modules) for (const test of module.children.allTests()) count[test.result().state]++;
    // A module that failed to load has no tests to count, but it is a failure.
    const broken = modules.filter((m) => m.state() === "failed" && [...m.children.allTests()].length === 0).length;
    const skipped = count.skipped + count.pending;
    process.stdout.write(`\n${count.passed} passed, ${count.failed + broken} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
