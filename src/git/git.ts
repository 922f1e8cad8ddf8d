// The git facts a release needs, through simple-git: HEAD commit, committer time, dirty work tree, user.
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { GitError } from "../errors.js";

export interface HeadFacts {
  commit: string;
  /** Committer time of HEAD (UTC instant). */
  commitTime: Date;
  /** Uncommitted changes or untracked, non-ignored files in the work tree. */
  dirty: boolean;
  /** What makes it dirty: `git status --porcelain` lines ("?? flagctl-signing.key", " M flags/a.yaml"). */
  dirtyFiles?: string[];
}

// The environment is the user's own; git config paths set in it (GIT_CONFIG_GLOBAL, ...) are honoured as git would.
const git = (dir: string): SimpleGit =>
  simpleGit({ baseDir: dir, timeout: { block: 30_000 }, unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true } });

async function run<T>(dir: string, what: string, fn: (g: SimpleGit) => Promise<T>): Promise<T> {
  try {
    return await fn(git(dir));
  } catch (e) {
    const msg = (e as Error).message.split("\n").find((l) => l.trim()) ?? String(e);
    throw new GitError(`git: cannot ${what} in ${dir}: ${msg.trim()}`, "run flagctl inside a git repository with at least one commit", { cause: e });
  }
}

export async function headFacts(dir: string): Promise<HeadFacts> {
  return run(dir, "read HEAD", async (g) => {
    const out = await g.raw(["show", "-s", "--format=%H %ct", "HEAD"]);
    const [commit, ct] = out.trim().split(" ");
    const status = await g.raw(["status", "--porcelain", "--untracked-files=all"]);
    const dirtyFiles = status.split("\n").filter((l) => l.trim() !== "");
    return { commit, commitTime: new Date(Number(ct) * 1000), dirty: dirtyFiles.length > 0, dirtyFiles };
  });
}

export async function gitUser(dir: string): Promise<{ name: string | null; email: string | null }> {
  const g = git(dir);
  const get = async (key: string) => {
    try {
      const v = (await g.raw(["config", "--get", key])).trim();
      return v === "" ? null : v;
    } catch {
      return null; // not set, or not a repo: the caller falls back
    }
  };
  return { name: await get("user.name"), email: await get("user.email") };
}

/**
 * Who a pointer change is attributed to: $FLAGCTL_ACTOR, else the CI's actor, else the git user, else the OS user.
 */
export async function resolveActor(env: NodeJS.ProcessEnv, dir: string): Promise<string> {
  return pickActor(env, await gitUser(dir), osUser());
}

export function pickActor(env: NodeJS.ProcessEnv, git: { name: string | null; email: string | null }, os: string | null): string {
  const explicit = env.FLAGCTL_ACTOR?.trim();
  if (explicit) return explicit;
  const ci = env.GITHUB_ACTOR?.trim() || env.GITLAB_USER_LOGIN?.trim() || env.BUILDKITE_BUILD_CREATOR?.trim();
  if (ci) return ci;
  if (git.name && git.email) return `${git.name} <${git.email}>`;
  return git.name ?? git.email ?? os ?? "unknown";
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * Whether `file` (which need not exist yet) would be ignored by the git work tree around it: "outside" when no
 * work tree holds it (or git is not installed), so a secret written there cannot be committed by accident.
 */
export async function gitIgnoreState(file: string): Promise<"outside" | "ignored" | "not-ignored"> {
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const g = git(dir);
    if (!(await g.checkIsRepo())) return "outside";
    return (await g.checkIgnore([file])).length > 0 ? "ignored" : "not-ignored";
  } catch {
    return "outside";
  }
}
