// The one place `build` meets the loader (validation), the golden tests and checks (`flagctl test`) and the
// engine (compileEnv, canonicalJson). Any error diagnostic or failed test refuses the build.
import { canonicalJson, compileEnv, loadEnvModel } from "../core/compile/index.js";
import { RefusedError } from "../errors.js";
import { runTests } from "./test.js";
import type { CliIO } from "../cli/io.js";
import { loadValidRepo } from "./check.js";
import { failureLines, summaryLine } from "../cli/reporters/testResults.js";

export interface CompiledForRelease {
  project: string;
  /** Env name -> bytes of envs/<env>.json: the engine's canonical JSON of the compiled environment. */
  envs: Record<string, Buffer>;
  tests: string;
}

export async function validateTestAndCompile(root: string, io: CliIO, opts: { offline?: boolean } = {}): Promise<CompiledForRelease> {
  // Diagnostics go to stderr: build's stdout is the build directory (or JSON).
  const errIO: CliIO = { ...io, stdout: io.stderr };
  const loaded = await loadValidRepo(errIO, { cwd: root, format: "text" });
  if (!loaded.ok) {
    throw new RefusedError("E_BUILD_INVALID", "the config repo has errors; nothing was built", "fix them (flagctl validate shows every one) and build again");
  }
  const repo = loaded.repo;
  const summary = await runTests(repo, { offline: opts.offline, env: io.env });
  if (summary.failed > 0) {
    for (const r of summary.results.filter((x) => x.status === "failed")) {
      io.stderr(`  ✖ ${r.file}:${r.line}:${r.column} ${r.name}\n${failureLines(r).map((l) => `      ${l}\n`).join("")}`);
    }
    throw new RefusedError("E_BUILD_TESTS_FAILED", `golden tests or checks failed (${summaryLine(summary)}); nothing was built`, "run flagctl test for details");
  }
  const envs: Record<string, Buffer> = {};
  for (const env of repo.project.environments) {
    const bytes = Buffer.from(canonicalJson(compileEnv(repo, env)), "utf8");
    // What the SDK will load must load: a compiler bug stops here, not in production.
    const check = loadEnvModel(JSON.parse(bytes.toString("utf8")));
    if (!check.ok) throw new Error(`compiled environment ${env} does not load back: ${check.error}`);
    envs[env] = bytes;
  }
  return { project: repo.project.name, envs, tests: summaryLine(summary) };
}
