import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GitError } from "../src/errors.js";
import { headFacts, pickActor, resolveActor } from "../src/git/git.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "flagctl-git-"));
  dirs.push(d);
  return d;
};
// Isolate from the machine's global git config so the user fallback is testable.
const isolated = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const sh = (dir: string, env: NodeJS.ProcessEnv, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, stdio: "pipe" }).toString();

function repo(): string {
  const d = tmp();
  sh(d, isolated, "init", "-q");
  sh(d, isolated, "config", "user.name", "Ada Lovelace");
  sh(d, isolated, "config", "user.email", "ada@example.com");
  writeFileSync(join(d, "a.txt"), "1\n");
  sh(d, isolated, "add", "a.txt");
  sh(d, { ...isolated, GIT_COMMITTER_DATE: "2026-11-21T12:34:56+02:00", GIT_AUTHOR_DATE: "2020-01-01T00:00:00Z" }, "commit", "-qm", "one");
  return d;
}

describe("git facts", () => {
  it("reads HEAD, the committer time in UTC, and cleanliness", async () => {
    const d = repo();
    const facts = await headFacts(d);
    expect(facts.commit).toBe(sh(d, isolated, "rev-parse", "HEAD").trim());
    expect(facts.commitTime.toISOString()).toBe("2026-11-21T10:34:56.000Z");
    expect(facts.dirty).toBe(false);
    writeFileSync(join(d, "a.txt"), "2\n");
    expect((await headFacts(d)).dirty).toBe(true);
    sh(d, isolated, "checkout", "-q", "a.txt");
    writeFileSync(join(d, "new.txt"), "x");
    expect((await headFacts(d)).dirty).toBe(true);
    writeFileSync(join(d, ".gitignore"), "new.txt\n.gitignore\n");
    expect((await headFacts(d)).dirty).toBe(false);
  });

  it("fails with a GitError outside a repository or without commits", async () => {
    await expect(headFacts(tmp())).rejects.toBeInstanceOf(GitError);
    const empty = tmp();
    sh(empty, isolated, "init", "-q");
    await expect(headFacts(empty)).rejects.toBeInstanceOf(GitError);
  });
});

describe("actor", () => {
  it("prefers FLAGCTL_ACTOR, then the CI actor, then the git user", async () => {
    const d = repo();
    expect(await resolveActor({ FLAGCTL_ACTOR: "release-bot", GITHUB_ACTOR: "octo" }, d)).toBe("release-bot");
    expect(await resolveActor({ GITHUB_ACTOR: "octo" }, d)).toBe("octo");
    expect(await resolveActor({ GITLAB_USER_LOGIN: "gl" }, d)).toBe("gl");
    // The repo's local config wins over any global one.
    expect(await resolveActor({}, d)).toBe("Ada Lovelace <ada@example.com>");
  });

  it("falls back to part of the git user, then the OS user", () => {
    expect(pickActor({ FLAGCTL_ACTOR: "  " }, { name: null, email: "a@b" }, "os")).toBe("a@b");
    expect(pickActor({}, { name: "N", email: null }, "os")).toBe("N");
    expect(pickActor({}, { name: null, email: null }, userInfo().username)).toBe(userInfo().username);
    expect(pickActor({}, { name: null, email: null }, null)).toBe("unknown");
  });
});
