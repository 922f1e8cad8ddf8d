// `flagctl test` without the CLI: the golden tests (pure, src/core/golden/) and then each flag's functional
// checks (network). `flagctl build` calls this too, so a release never ships what `flagctl test` refuses.
import type { Repo } from "../core/model.js";
import { checkTargets, runGoldenTests, summarise, type CheckOutcome, type TestSummary } from "../core/golden/index.js";
import { UrlChecker, type UrlCheckOptions } from "../checks/urlExists.js";
import { mapLimit } from "../core/mapLimit.js";

export interface RunTestsOptions extends UrlCheckOptions {
  /** Epoch milliseconds for time conditions when a test's context has no `now` (default Date.now). */
  now?: () => number;
  /** Skip the checks that need the network; each is reported as skipped. */
  offline?: boolean;
  /** Only tests whose name, file or flag keys contain this text, and checks of flags whose key does. */
  filter?: string;
  /** How many URLs are checked at once (default 8). */
  concurrency?: number;
  /** Called as golden tests finish: how many have run of how many selected. */
  onProgress?: (done: number, total: number) => void;
}

export async function runTests(repo: Repo, options: RunTestsOptions = {}): Promise<TestSummary> {
  const golden = runGoldenTests(repo, { now: options.now ?? Date.now, filter: options.filter, onProgress: options.onProgress });
  const checks = await runChecks(repo, options);
  return summarise([...golden, ...checks]);
}

export async function runChecks(repo: Repo, options: RunTestsOptions = {}): Promise<CheckOutcome[]> {
  const targets = checkTargets(repo, options.filter);
  const checker = new UrlChecker(options);
  return mapLimit(targets, options.concurrency ?? 8, async (t): Promise<CheckOutcome> => {
    const base = {
      kind: "check" as const,
      name: `${t.flag}: url-exists ${t.check.pointer || '""'}${t.url ? ` ${t.url}` : ""}`,
      file: t.check.loc.file,
      line: t.check.loc.line,
      column: t.check.loc.column,
      flag: t.flag,
      check: t.check.kind,
      pointer: t.check.pointer,
      url: t.url,
      variations: t.variations,
      envs: t.envs,
    };
    if (t.url === null) return { ...base, status: "failed", message: t.problem ?? "no URL" };
    if (options.offline) return { ...base, status: "skipped", message: "skipped (--offline)" };
    const r = await checker.check(t.url);
    return { ...base, status: r.ok ? "passed" : "failed", message: r.detail };
  });
}
