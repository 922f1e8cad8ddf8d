// Adapter: finds a config repo on disk and reads the files checkRepo needs.
//
// Links and odd entries: a symlink whose target (after every hop) is a regular file inside the repo is read
// as that file; a symlinked directory inside the repo is walked once (links inside it to directories are not
// followed again, so no loop can recur). Anything else in a config directory (flags/, segments/, tests/) or
// at flagctl.yaml -- a link leaving the repo, a dangling or looping link, a directory named like a YAML file,
// a FIFO or device -- is returned with `unreadable` set and no bytes, so it is reported with its path and its
// content is never read, let alone printed. Elsewhere such entries are skipped: they are not config.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import type { SourceFile } from "../core/model.js";
import { PROJECT_FILE } from "../core/repo/classify.js";
import { ProjectError } from "../errors.js";

/** Never part of a config repo's content. */
const SKIP_DIRS = new Set([".git", "node_modules", "dist"]);
/** Read in full whatever they hold, so stray files are seen. */
const CONFIG_DIRS = new Set(["flags", "segments", "tests"]);
/** Elsewhere only files a flag may reference (`schema:`) are read, and only up to this size. */
const REFERENCED = /\.(json|ya?ml)$/;
const MAX_REFERENCED_BYTES = 1024 * 1024;

/** The nearest directory at or above `start` that holds flagctl.yaml. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const project = join(dir, PROJECT_FILE);
    if (existsSync(project)) {
      if (!safeIsFile(project)) {
        throw new ProjectError(`${project} is not a file`, `flagctl.yaml must be a YAML file; move the directory away and run \`flagctl init\` or write one`, "E_PROJECT_NOT_FILE");
      }
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) {
      throw new ProjectError(`no ${PROJECT_FILE} found in ${resolve(start)} or any directory above it`, "run `flagctl init` to create a config repo, or pass --cwd <dir>", "E_NO_PROJECT");
    }
    dir = up;
  }
}

type Entry = { kind: "file"; abs: string } | { kind: "dir"; abs: string; viaLink: boolean } | { kind: "bad"; why: string };

/** Every config file under `root` with repo-relative "/"-separated paths, sorted. */
export function readRepoFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const realRoot = realpathSync(root);
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot + sep);
  const classify = (abs: string, e: Dirent, viaLink: boolean): Entry => {
    if (e.isFile()) return { kind: "file", abs };
    if (e.isDirectory()) return { kind: "dir", abs, viaLink };
    if (!e.isSymbolicLink()) return { kind: "bad", why: "not a regular file (a FIFO, socket or device)" };
    const target = safe(() => readlinkSync(abs)) ?? "?";
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { kind: "bad", why: `a symlink loop (→ ${target})` };
      if (code === "ENOENT") return { kind: "bad", why: `a dangling symlink (→ ${target}, which does not exist)` };
      return { kind: "bad", why: `a symlink that cannot be resolved (→ ${target}: ${code})` };
    }
    if (!inside(real)) return { kind: "bad", why: `a symlink to ${target}, outside the repo (not read)` };
    // Followed once, as in git trees (readTreeAt.ts): a chain of links is refused, not walked.
    if (safe(() => lstatSync(resolve(dirname(abs), target)).isSymbolicLink())) {
      return { kind: "bad", why: `a symlink to another symlink (→ ${target}); links are followed once` };
    }
    const st = safe(() => statSync(real));
    if (st?.isFile()) return { kind: "file", abs: real };
    if (st?.isDirectory()) {
      if (viaLink) return { kind: "bad", why: `a symlinked directory inside a symlinked directory (→ ${target}); links are followed once` };
      return { kind: "dir", abs: real, viaLink: true };
    }
    return { kind: "bad", why: `a symlink to something that is not a regular file (→ ${target})` };
  };
  const walk = (abs: string, rel: string, inConfigDir: boolean, viaLink: boolean): void => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      throw new ProjectError(`cannot read directory ${abs}: ${(err as Error).message}`, "check the directory's permissions", "E_REPO_READ");
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const config = inConfigDir || (!rel && CONFIG_DIRS.has(e.name));
      const entry = classify(join(abs, e.name), e, viaLink);
      if (entry.kind === "dir") {
        if (SKIP_DIRS.has(e.name)) continue;
        if (config && /\.ya?ml$/.test(e.name)) {
          out.push({ path: childRel, bytes: new Uint8Array(), unreadable: "a directory named like a YAML file; flag, segment and test files must be files" });
          continue;
        }
        walk(entry.abs, childRel, config, entry.viaLink);
        continue;
      }
      if (entry.kind === "bad") {
        if (config || childRel === PROJECT_FILE) out.push({ path: childRel, bytes: new Uint8Array(), unreadable: entry.why });
        continue;
      }
      if (!config && childRel !== PROJECT_FILE) {
        if (!REFERENCED.test(e.name) || statSync(entry.abs).size > MAX_REFERENCED_BYTES) continue;
      }
      out.push({ path: childRel, bytes: readFile(entry.abs, childRel) });
    }
  };
  walk(root, "", false, false);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Finds the repo from `cwd` (walking up) and reads it. */
export function readRepo(cwd: string): { root: string; files: SourceFile[] } {
  const root = findRepoRoot(cwd);
  return { root, files: readRepoFiles(root) };
}

function readFile(abs: string, rel: string): Uint8Array {
  try {
    return readFileSync(abs);
  } catch (err) {
    throw new ProjectError(`cannot read ${rel}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check the file's permissions", "E_REPO_READ");
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}


function safeIsFile(path: string): boolean {
  return safe(() => statSync(path).isFile()) ?? false;
}
