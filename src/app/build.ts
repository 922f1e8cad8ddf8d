// `flagctl build` as a function, so `publish --build` runs exactly the same steps.
import { join, relative, resolve } from "node:path";
import { headFacts } from "../git/git.js";
import { assembleRelease, findParent, releaseVersion } from "../release/build.js";
import { writeBuildDir } from "../release/buildDir.js";
import { loadKey } from "../release/sign.js";
import type { CliIO } from "../cli/io.js";
import { openStoreFromOptions, type StoreCliOptions } from "../cli/storeOptions.js";
import { validateTestAndCompile } from "./compileForRelease.js";
import { repoStart, type RepoOptions } from "../cli/release/context.js";
import { loadProject } from "./loadProject.js";
import { plural } from "../cli/reporters/release.js";

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
}

export const DEFAULT_BUILD_ROOT = ".flagctl/build";

export async function runBuild(io: CliIO, opts: BuildOptions, view: { quiet?: boolean } = {}): Promise<BuildResult> {
  const { root, project } = loadProject(repoStart(io, opts));
  const say = (t: string) => void (!view.quiet && io.stderr(t));
  const signSpec = opts.signKey ?? nonEmpty(io.env.FLAGCTL_SIGNING_KEY);
  const signKey = signSpec ? await loadKey("private", signSpec, opts.signKey ? "--sign-key" : "FLAGCTL_SIGNING_KEY") : null;
  const compiled = await validateTestAndCompile(root, io, { offline: opts.offline });
  const git = await headFacts(root);
  const version = releaseVersion(git);
  // The parent only comes from a store named for this build (--store, or publish --build's store).
  const store = opts.store ? openStoreFromOptions(opts, { cwd: io.cwd, env: io.env, projectStore: project.store, projectDir: root }) : null;
  const parent = store ? await findParent(store, version) : null;
  const release = assembleRelease({ project: compiled.project || project.name, git, envs: compiled.envs, parent, signKey });
  const dir = opts.out ? resolve(io.cwd, opts.out) : join(root, DEFAULT_BUILD_ROOT, version);
  const written = await writeBuildDir(dir, release.files);
  say(`tests: ${compiled.tests}\n`);
  say(
    `built ${version}${git.dirty ? " (work tree has uncommitted changes)" : ""} in ${shortPath(io.cwd, dir)}: ` +
      `${Object.keys(release.manifest.envs).length} environments, ${plural(release.manifest.changedFlags.length, "changed flag")} ${release.manifest.parent ? `since ${release.manifest.parent}` : "(first release)"}` +
      `${signKey ? ", signed" : ""}${written === "unchanged" ? " (identical to the existing build)" : ""}\n`,
  );
  return { dir, version, parent: release.manifest.parent, written, signed: signKey !== null, changedFlags: release.manifest.changedFlags.length };
}

const nonEmpty = (v: string | undefined) => (v && v.trim() !== "" ? v : undefined);

function shortPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}
