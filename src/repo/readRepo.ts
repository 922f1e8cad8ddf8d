// Adapter: finds a config repo on disk and reads the files checkRepo needs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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

/** Every config file under `root` with repo-relative "/"-separated paths, sorted. */
export function readRepoFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (abs: string, rel: string, inConfigDir: boolean): void => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      throw new ProjectError(`cannot read directory ${abs}: ${(err as Error).message}`, "check the directory's permissions", "E_REPO_READ");
    }
    for (const e of entries) {
      const childAbs = join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(childAbs, childRel, inConfigDir || (!rel && CONFIG_DIRS.has(e.name)));
        continue;
      }
      if (!e.isFile() && !(e.isSymbolicLink() && safeIsFile(childAbs))) continue;
      if (!inConfigDir && childRel !== PROJECT_FILE) {
        if (!REFERENCED.test(e.name) || statSync(childAbs).size > MAX_REFERENCED_BYTES) continue;
      }
      out.push({ path: childRel, bytes: readFile(childAbs, childRel) });
    }
  };
  walk(root, "", false);
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

function safeIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
