import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { simpleGit } from "simple-git";

export interface GitPlace {
  /** Absolute path of the git work tree's root. */
  root: string;
  /** `dir` relative to the root, "/"-separated with a trailing "/", or "" at the root. */
  prefix: string;
}

/** Where `dir` sits in its git work tree, or undefined when it is not inside one (or git is missing). */
export async function gitPlace(dir: string): Promise<GitPlace | undefined> {
  // The nearest `.git` (a directory, or a file in worktrees and submodules) is the work tree's root, as git
  // itself finds it; starting git for this was a good part of a small repo's `validate`. With GIT_DIR or
  // GIT_WORK_TREE set, git decides.
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, ".git"))) {
        const rel = relative(d, dir).split(sep).join("/");
        return { root: d, prefix: rel === "" ? "" : `${rel}/` };
      }
      if (dirname(d) === d) return undefined;
    }
  }
  try {
    const git = simpleGit({ baseDir: dir });
    const [root, prefix] = (await git.raw(["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
    return root ? { root, prefix: prefix ?? "" } : undefined;
  } catch {
    return undefined;
  }
}
