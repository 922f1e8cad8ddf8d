// Reads a config repo as it was at a git revision, straight from the object database: the work tree and the
// index are never touched, so it is safe while the user has uncommitted changes (the PR view of `diff --base`).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { simpleGit, type SimpleGit } from "simple-git";
import { GitError } from "../errors.js";
import type { SourceFile } from "../core/model.js";

export interface ReadTreeOptions {
  /** Which repo-relative paths to read, given each blob's size; default `isConfigFile`. */
  include?: (path: string, size: number) => boolean;
  /**
   * Files already at hand (the work tree, for `diff --base`): a blob whose id is the git id of the file at the
   * same path here is taken from it instead of being read out of git. Equal ids mean equal bytes.
   */
  reuse?: readonly SourceFile[];
}

export interface TreeAtRevision {
  /** The full sha of the commit the revision resolved to. */
  commit: string;
  /** Repo-relative paths ("/" separators, relative to the config repo dir), sorted by path. */
  files: SourceFile[];
}

// The same selection as reading the work tree (src/repo/readRepo.ts), so both sides of a diff see the same files.
const SKIP_DIRS = new Set([".git", "node_modules", "dist"]);
const CONFIG_DIRS = new Set(["flags", "segments", "tests"]);
const REFERENCED = /\.(json|ya?ml)$/;
const MAX_REFERENCED_BYTES = 1024 * 1024;

/**
 * flagctl.yaml, everything under flags/, segments/ and tests/, and elsewhere any .json/.yaml/.yml file up to
 * 1 MiB (a flag's `schema:` may point at it); never anything under .git/, node_modules/ or dist/.
 */
export function isConfigFile(path: string, size: number): boolean {
  const parts = path.split("/");
  if (parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) return false;
  if (path === "flagctl.yaml" || (parts.length > 1 && CONFIG_DIRS.has(parts[0]))) return true;
  return REFERENCED.test(path) && size <= MAX_REFERENCED_BYTES;
}

/**
 * The config repo in `dir` (the git repo's root or a subdirectory of it) as it was at `revision`
 * (`HEAD~1`, `origin/main`, a sha, a tag). Symlinks are resolved as the work tree's reader does (readRepo.ts):
 * git stores a link's target path, so a link in a config directory whose target is a file (or a directory)
 * of the same tree is read as that file (or walked once); any other link there is returned `unreadable`.
 * Submodules are skipped. Throws GitError for a dir outside any git repo, an unknown revision, or a
 * config dir that did not exist at that revision.
 */
export async function readTreeAt(dir: string, revision: string, options: ReadTreeOptions = {}): Promise<TreeAtRevision> {
  const include = options.include ?? isConfigFile;
  if (revision === "" || revision.startsWith("-")) {
    throw new GitError(`invalid git revision "${revision}"`, "give a branch, tag or commit, e.g. origin/main or HEAD~1");
  }
  const git = simpleGitAt(dir);
  const prefix = await configDirPrefix(git, dir);
  const commit = await resolveCommit(git, revision, dir);
  const dirPath = prefix.replace(/\/$/, "");

  // `<commit>:<dir>` names the config dir's tree at that commit (`<commit>:` the root), so listed paths are
  // already config-relative. --full-tree: from a subdirectory, ls-tree would also filter by the cwd's path.
  const listing = await run(git, ["ls-tree", "-r", "-z", "-l", "--full-tree", `${commit}:${dirPath}`], dir).catch((err: GitError) => {
    throw new GitError(
      `the config repo directory ${dirPath} does not exist at ${revision} (${commit.slice(0, 7)})`,
      "pick a revision at which the config repo already existed",
      { cause: err },
    );
  });
  const wanted: { oid: string; path: string; unreadable?: string }[] = [];
  const blobs = new Map<string, { oid: string; size: number }>();
  const links: { oid: string; path: string }[] = [];
  for (const entry of listing.split("\0")) {
    if (entry === "") continue;
    // "<mode> SP <type> SP <oid> SP+ <size> TAB <path>"; with -z the path is never quoted.
    const tab = entry.indexOf("\t");
    const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
    const path = entry.slice(tab + 1);
    if (type !== "blob") continue;
    if (mode === "120000") {
      if (isConfigPath(path)) links.push({ oid, path });
      continue;
    }
    blobs.set(path, { oid, size: Number(size) });
    if (include(path, Number(size))) wanted.push({ oid, path });
  }
  if (links.length > 0) {
    const targets = await catFileBatch(dir, links.map((l) => l.oid));
    links.forEach((link, i) => wanted.push(...resolveLink(link.path, Buffer.from(targets[i]).toString("utf8"), blobs, links)));
  }
  wanted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const atHand = new Map((options.reuse ?? []).map((f) => [f.path, f.bytes]));
  const bytes = wanted.map((w) => {
    const b = atHand.get(w.path);
    return b && blobId(b, w.oid.length) === w.oid ? b : undefined;
  });
  const missing = wanted.filter((w, i) => !bytes[i] && !w.unreadable);
  const read = await catFileBatch(dir, missing.map((w) => w.oid));
  let next = 0;
  return {
    commit,
    files: wanted.map((w, i) =>
      w.unreadable ? { path: w.path, bytes: new Uint8Array(), unreadable: w.unreadable } : { path: w.path, bytes: bytes[i] ?? read[next++] },
    ),
  };
}

function isConfigPath(path: string): boolean {
  const parts = path.split("/");
  return path === "flagctl.yaml" || (parts.length > 1 && CONFIG_DIRS.has(parts[0]));
}

/** A link in a config dir, followed once inside the tree: the file(s) it stands for, or why it cannot be read. */
function resolveLink(
  path: string,
  target: string,
  blobs: ReadonlyMap<string, { oid: string }>,
  links: readonly { path: string }[],
): { oid: string; path: string; unreadable?: string }[] {
  const bad = (why: string) => [{ oid: "", path, unreadable: why }];
  const parts = path.split("/").slice(0, -1);
  if (target.startsWith("/")) return bad(`a symlink to ${target}, outside the repo (not read)`);
  for (const p of target.split("/")) {
    if (p === "..") {
      if (parts.length === 0) return bad(`a symlink to ${target}, outside the repo (not read)`);
      parts.pop();
    } else if (p !== "." && p !== "") parts.push(p);
  }
  const to = parts.join("/");
  const file = blobs.get(to);
  if (file) return [{ oid: file.oid, path }];
  if (links.some((l) => l.path === to)) return bad(`a symlink to another symlink (→ ${target}); links are followed once`);
  const under = [...blobs].filter(([p]) => p.startsWith(`${to}/`));
  if (to !== "" && under.length > 0) return under.map(([p, b]) => ({ oid: b.oid, path: `${path}/${p.slice(to.length + 1)}` }));
  return bad(`a dangling symlink (→ ${target}, which is not in the tree)`);
}

/** The id git gives a blob with these bytes (sha1, or sha256 in a repo of that object format). */
function blobId(bytes: Uint8Array, idLength: number): string {
  return createHash(idLength === 64 ? "sha256" : "sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

function simpleGitAt(dir: string): SimpleGit {
  try {
    return simpleGit({ baseDir: dir });
  } catch (err) {
    // simple-git refuses a baseDir that does not exist before running anything.
    throw new GitError(`cannot read git repository at ${dir}: ${firstLine(err)}`, "run flagctl inside the config repo, or pass --cwd", { cause: err });
  }
}

/** Where `dir` sits in its work tree ("" at the root, else "sub/dir/"), in one git call. */
async function configDirPrefix(git: SimpleGit, dir: string): Promise<string> {
  const out = await run(git, ["rev-parse", "--is-inside-work-tree", "--show-prefix"], dir).catch((err: GitError) => {
    throw new GitError(`${dir} is not inside a git repository`, "run flagctl in a clone of the config repo (git init / git clone)", { cause: err });
  });
  const [inside, prefix = ""] = out.split("\n");
  if (inside.trim() !== "true") throw new GitError(`${dir} is not inside a git work tree`, "run flagctl in a clone of the config repo, not in .git");
  return prefix.trim();
}

async function resolveCommit(git: SimpleGit, revision: string, dir: string): Promise<string> {
  const out = await run(git, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], dir).catch(() => "");
  const sha = out.trim();
  if (!/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new GitError(
      `unknown git revision "${revision}"`,
      revision.includes("/") ? `fetch it first (git fetch origin; in CI check out with fetch-depth: 0)` : "give a branch, tag or commit that exists in this clone",
    );
  }
  return sha;
}

async function run(git: SimpleGit, args: string[], dir: string): Promise<string> {
  try {
    return await git.raw(args);
  } catch (err) {
    throw new GitError(`git ${args[0]} failed in ${dir}: ${firstLine(err)}`, undefined, { cause: err });
  }
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).trim().split("\n")[0];

/**
 * Reads many blobs through one `git cat-file --batch` process: one process for 10,000 files instead of
 * 10,000. Output per object is "<oid> <type> <size>\n<size bytes>\n", in request order.
 */
function catFileBatch(dir: string, oids: string[]): Promise<Uint8Array[]> {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (err) => reject(new GitError(`cannot run git cat-file: ${err.message}`, "install git and put it on PATH", { cause: err })));
    child.stdin.on("error", () => {
      // git exited early; the close handler reports why.
    });
    child.on("close", (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed in ${dir} (exit ${code}): ${stderr.trim().split("\n")[0]}`));
      try {
        resolve(parseBatch(Buffer.concat(chunks), oids));
      } catch (err) {
        reject(err);
      }
    });
    child.stdin.end(oids.join("\n") + "\n");
  });
}

function parseBatch(out: Buffer, oids: string[]): Uint8Array[] {
  const blobs: Uint8Array[] = [];
  let pos = 0;
  for (const oid of oids) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) throw new GitError(`git cat-file ended early, before object ${oid}`);
    const header = out.toString("latin1", pos, nl);
    const [gotOid, type, size] = header.split(" ");
    if (gotOid !== oid || type !== "blob") throw new GitError(`git cat-file: unexpected reply "${header}" for object ${oid}`);
    const start = nl + 1;
    const end = start + Number(size);
    // A copy, so the big output buffer can be freed once every file has its own bytes.
    blobs.push(new Uint8Array(out.subarray(start, end)));
    pos = end + 1;
  }
  return blobs;
}
