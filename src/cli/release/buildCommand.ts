// `flagctl build` as a function, so `publish --build` runs exactly the same steps.
import { join, relative, resolve } from "node:path";
import { headFacts } from "../../git/git.js";
import { assembleRelease, findParent, releaseVersion } from "../../release/build.js";
import { checkBuildTarget, writeBuildDir } from "../../release/buildDir.js";
import { loadKey } from "../../release/sign.js";
import type { ObjectStore } from "../../store/store.js";
import type { CliIO } from "../io.js";
import { openStoreFromOptions, type StoreCliOptions } from "../storeOptions.js";
import { validateTestAndCompile } from "./compileForRelease.js";
import { repoStart, type RepoOptions } from "./context.js";
import { loadProject } from "./project.js";
import { plural } from "./render.js";

export interface BuildOptions extends StoreCliOptions, RepoOptions {
  out?: string;
  signKey?: string;
  offline?: boolean;
}

export interface BuildResult {
  dir: string;
  version: string;
  parent: string | null;
  written: "written" | "unchanged";
  signed: boolean;
  changedFlags: number;
  /** Paths that made the work tree dirty (empty for a clean build). */
  dirtyFiles: string[];
}

export const DEFAULT_BUILD_ROOT = ".flagctl/build";

/**
 * `parentStore`: where to look for the parent release (publish --build passes the store it publishes to). By
 * default --store, else flagctl.yaml's store unless --offline, so `build` and `publish --build` of one commit
 * give the same bytes.
 */
export async function runBuild(io: CliIO, opts: BuildOptions, view: { quiet?: boolean; parentStore?: ObjectStore | null } = {}): Promise<BuildResult> {
  const { root, project } = loadProject(repoStart(io, opts));
  let dir = opts.out ? resolve(io.cwd, opts.out) : "";
  // An unsafe --out is refused before any work (again when writing, with the version known).
  if (opts.out) await checkBuildTarget(dir, root);
  const say = (t: string) => void (!view.quiet && io.stderr(t));
  const signSpec = opts.signKey ?? nonEmpty(io.env.FLAGCTL_SIGNING_KEY);
  const signKey = signSpec ? await loadKey("private", signSpec, opts.signKey ? "--sign-key" : "FLAGCTL_SIGNING_KEY") : null;
  const compiled = await validateTestAndCompile(root, io, { offline: opts.offline });
  const git = await headFacts(root);
  const version = releaseVersion(git);
  if (!opts.out) dir = join(root, DEFAULT_BUILD_ROOT, version);
  const store =
    view.parentStore !== undefined
      ? view.parentStore
      : opts.store || (project.store && !opts.offline)
        ? openStoreFromOptions(opts, { cwd: io.cwd, env: io.env, projectStore: project.store, projectDir: root })
        : null;
  const parent = store ? await findParent(store, version) : null;
  const release = assembleRelease({ project: compiled.project || project.name, git, envs: compiled.envs, parent, signKey });
  const written = await writeBuildDir(dir, release.files, { protect: root });
  say(`tests: ${compiled.tests}\n`);
  const since = release.manifest.parent ? `since ${release.manifest.parent}` : store ? "(first release in the store)" : "(no store to find a parent release in)";
  say(
    `built ${version}${git.dirty ? ` (work tree has uncommitted changes: ${dirtySummary(git.dirtyFiles ?? [])})` : ""} in ${shortPath(io.cwd, dir)}: ` +
      `${Object.keys(release.manifest.envs).length} environments, ${plural(release.manifest.changedFlags.length, "changed flag")} ${since}` +
      `${signKey ? ", signed" : ""}${written === "unchanged" ? " (identical to the existing build)" : ""}\n`,
  );
  return {
    dir,
    version,
    parent: release.manifest.parent,
    written,
    signed: signKey !== null,
    changedFlags: release.manifest.changedFlags.length,
    dirtyFiles: git.dirty ? (git.dirtyFiles ?? []).map((l) => l.slice(3)) : [],
  };
}

/** "?? flagctl-signing.key, M flags/a.yaml, … 12 files": enough to see what to commit or ignore. */
export function dirtySummary(lines: string[]): string {
  const shown = lines.slice(0, 5).map((l) => l.trim());
  return `${shown.join(", ")}${lines.length > 5 ? `, … ${lines.length} files` : ""}`;
}

const nonEmpty = (v: string | undefined) => (v && v.trim() !== "" ? v : undefined);

function shortPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}
