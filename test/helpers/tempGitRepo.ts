// Real git repositories in temp dirs, for tests of everything that reads git.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TempGitRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string | Uint8Array>): void;
  remove(...paths: string[]): void;
  /** Stages everything and commits; returns the new commit's sha. */
  commit(message: string): string;
  cleanup(): void;
}

export function tempGitRepo(prefix = "flagctl-git-"): TempGitRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: dir,
  };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("config", "core.autocrlf", "false");
  // No background gc: it would race the temp dir's removal.
  git("config", "gc.auto", "0");
  return {
    dir,
    git,
    write(files) {
      for (const [p, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), content);
      }
    },
    remove(...paths) {
      for (const p of paths) rmSync(join(dir, p), { recursive: true, force: true });
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
}
