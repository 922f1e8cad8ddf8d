import { simpleGit } from "simple-git";

export interface GitPlace {
  /** Absolute path of the git work tree's root. */
  root: string;
  /** `dir` relative to the root, "/"-separated with a trailing "/", or "" at the root. */
  prefix: string;
}

/** Where `dir` sits in its git work tree, or undefined when it is not inside one (or git is missing). */
export async function gitPlace(dir: string): Promise<GitPlace | undefined> {
  try {
    const git = simpleGit({ baseDir: dir });
    const [root, prefix] = (await git.raw(["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
    return root ? { root, prefix: prefix ?? "" } : undefined;
  } catch {
    return undefined;
  }
}
