// The commits that touched the config repo directory, newest first: what the report's per-flag history walks.
import { simpleGit } from "simple-git";
import { GitError } from "../errors.js";

export interface ConfigCommit {
  commit: string;
  /** The first parent, or null for a root commit. */
  parent: string | null;
  author: string;
  /** ISO author date. */
  date: string;
  subject: string;
}

/**
 * Up to `limit` commits (first-parent order) that changed `paths` (relative to `dir`); [] when `dir` is not in
 * a git work tree or has no commit yet.
 */
export async function configCommits(dir: string, limit: number, paths: readonly string[]): Promise<ConfigCommit[]> {
  const git = simpleGit({ baseDir: dir });
  const inside = await git.raw(["rev-parse", "--is-inside-work-tree"]).catch(() => "false");
  if (inside.trim() !== "true") return [];
  const hasHead = await git.raw(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).catch(() => "");
  if (hasHead.trim() === "") return [];
  let out: string;
  try {
    out = await git.raw(["log", "--first-parent", `-n${limit}`, "--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s%x1e", "--", ...paths.map((p) => `:(literal)${p}`)]);
  } catch (e) {
    throw new GitError(`git: cannot read the history of ${dir}: ${(e as Error).message.split("\n")[0]}`, "run flagctl report in a clone of the config repo");
  }
  return out
    .split("\x1e")
    .map((r) => r.trim())
    .filter((r) => r !== "")
    .map((r) => {
      const [commit, parents, author, date, subject] = r.split("\x1f");
      return { commit, parent: parents.split(" ")[0] || null, author, date, subject };
    });
}
