import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

export interface GitPlace {
  /** Absolute path of the git work tree's root. */
  root: string;
  /** `dir` relative to the root, "/"-separated with a trailing "/", or "" at the root. */
  prefix: string;
}

/**
 * The nearest directory at or above `dir` holding a `.git` (a directory, or a file in worktrees and submodules):
 * the work tree's root, as git itself finds it without GIT_DIR or GIT_WORK_TREE. Cheaper than starting git.
 */
export function nearestGitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Where `dir` sits in its git work tree, or undefined when it is not inside one (or git is missing). */
export async function gitPlace(dir: string): Promise<GitPlace | undefined> {
  // Starting git for this was a good part of a small repo's `validate`; with GIT_DIR or GIT_WORK_TREE set, git
  // decides.
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) {
    const root = nearestGitRoot(dir);
    if (root === undefined) return undefined;
    const rel = relative(root, dir).split(sep).join("/");
    return { root, prefix: rel === "" ? "" : `${rel}/` };
  }
  try {
    // Loaded here only: it is a few ms of every validate-family command, which take the walk above.
    const { simpleGit } = await import("simple-git");
    const git = simpleGit({ baseDir: dir });
    const [root, prefix] = (await git.raw(["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
    return root ? { root, prefix: prefix ?? "" } : undefined;
  } catch {
    return undefined;
  }
}
