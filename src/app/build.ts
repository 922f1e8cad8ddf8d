// `flagctl build` as data: check the repo (once), run the golden tests and checks, compile every environment,
// assemble the release against its parent in the store, write the build directory. `publish --build` runs
// exactly these steps. A refusal carries what refused it (diagnostics or failed tests) for the caller to show.
import type { KeyObject } from "node:crypto";
import { join } from "node:path";
import { canonicalJson, compileEnv, loadEnvModel } from "../core/compile/index.js";
import { summaryLine, type TestOutcome, type TestSummary } from "../core/golden/index.js";
import { RefusedError } from "../errors.js";
import { headFacts } from "../git/git.js";
import { assembleRelease, findParent, releaseVersion } from "../release/build.js";
import { checkBuildTarget, writeBuildDir } from "../release/buildDir.js";
import { findRepoRoot } from "../repo/readRepo.js";
import type { ObjectStore } from "../store/store.js";
import { loadValidRepo, type CheckedRepo } from "./check.js";
import { projectError } from "./loadProject.js";
import { runTests } from "./test.js";

export interface BuildInput {
  /** A directory at or below the config repo root. */
  start: string;
  /** Absolute; default <root>/.flagctl/build/<version>. */
  out?: string;
  signKey: KeyObject | null;
  offline?: boolean;
  /** Where the parent release is looked up: --store, else flagctl.yaml's store unless --offline (the caller's choice). */
  store: ObjectStore | null;
  /** Where a URL check's s3:// settings come from. */
  env: NodeJS.ProcessEnv;
}

export interface BuildResult {
  dir: string;
  version: string;
  parent: string | null;
  written: "written" | "unchanged";
  signed: boolean;
  changedFlags: number;
  dirty: boolean;
  /** What made the work tree dirty (`git status --porcelain` lines, e.g. "?? notes.txt"); empty when clean. */
  dirtyFiles: string[];
  envs: number;
  tests: TestSummary;
}

export const DEFAULT_BUILD_ROOT = ".flagctl/build";

/** "?? notes.txt, M flags/a.yaml, … 12 files": enough to see what to commit or ignore. */
export const dirtySummary = (lines: string[]): string => `${lines.slice(0, 5).map((l) => l.trim()).join(", ")}${lines.length > 5 ? `, … ${lines.length} files` : ""}`;

/** The build was refused: `checked` has the diagnostics of an invalid repo, `failed` the failed tests. */
export class BuildRefusedError extends RefusedError {
  constructor(message: string, hint: string, code: string, readonly checked?: CheckedRepo, readonly failed?: TestOutcome[]) {
    super(message, hint, code);
  }
}

export async function build(input: BuildInput): Promise<BuildResult> {
  // An --out that may not be written is refused before any work (and checked again when writing).
  if (input.out) await checkBuildTarget(input.out, findRepoRoot(input.start));
  const loaded = await loadValidRepo(input.start);
  if (!loaded.ok) {
    if (loaded.exitCode === 2) throw projectError(loaded.checked.diagnostics);
    throw new BuildRefusedError("the config repo has errors; nothing was built", "fix them (flagctl validate shows every one) and build again", "E_BUILD_INVALID", loaded.checked);
  }
  const { repo, root } = loaded;
  const tests = await runTests(repo, { offline: input.offline, env: input.env });
  if (tests.failed > 0) {
    const failed = tests.results.filter((x) => x.status === "failed");
    throw new BuildRefusedError(`golden tests or checks failed (${summaryLine(tests)}); nothing was built`, "run flagctl test for details", "E_BUILD_TESTS_FAILED", undefined, failed);
  }
  const envs: Record<string, Buffer> = {};
  for (const env of repo.project.environments) {
    const bytes = Buffer.from(canonicalJson(compileEnv(repo, env)), "utf8");
    // What the SDK will load must load: a compiler bug stops here, not in production.
    const check = loadEnvModel(JSON.parse(bytes.toString("utf8")));
    if (!check.ok) throw new Error(`compiled environment ${env} does not load back: ${check.error}`);
    envs[env] = bytes;
  }
  const git = await headFacts(root);
  const version = releaseVersion(git);
  const parent = input.store ? await findParent(input.store, version) : null;
  const release = assembleRelease({ project: repo.project.name, git, envs, parent, signKey: input.signKey });
  const dir = input.out ?? join(root, DEFAULT_BUILD_ROOT, version);
  const written = await writeBuildDir(dir, release.files, { protect: root });
  const { manifest } = release;
  return { dir, version, parent: manifest.parent, written, signed: input.signKey !== null, changedFlags: manifest.changedFlags.length, dirty: git.dirty, dirtyFiles: git.dirty ? (git.dirtyFiles ?? []) : [], envs: Object.keys(manifest.envs).length, tests };
}
