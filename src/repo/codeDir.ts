// Adapter: the files of a code directory for `flagctl refs`. In a git work tree, git's own listing of the
// tracked files (ignored and untracked files are not code); elsewhere every file under the directory, skipping
// .git and node_modules. Reading is one open, fstat and read per file.
import { execFile } from "node:child_process";
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { UsageError } from "../errors.js";

const run = promisify(execFile);
const SKIP_DIRS = new Set([".git", "node_modules"]);

export interface CodeListing {
  /** Listed by git (tracked files) rather than by walking the directory. */
  git: boolean;
  /** Paths relative to the directory, "/"-separated, sorted. */
  files: string[];
}

export type CodeRead = Uint8Array | { skipped: "large" | "unreadable"; size?: number };

export interface CodeSource {
  list(dir: string): Promise<CodeListing>;
  /**
   * The file's bytes, or why it was not read. Blocking: one file at a time is what a scan wants. The bytes may
   * live in a buffer the next read reuses: use them before reading again.
   */
  read(dir: string, path: string, maxBytes: number): CodeRead;
}

export const fsCodeSource: CodeSource = { list: listCodeDir, read: readCodeFile };

export async function listCodeDir(dir: string): Promise<CodeListing> {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`code directory ${dir} does not exist`, "pass --code with an existing directory, or fix `code:` in flagctl.yaml", "E_NO_CODE_DIR");
  }
  if (!st.isDirectory()) throw new UsageError(`code directory ${dir} is not a directory`, "pass --code with a directory", "E_NO_CODE_DIR");
  const tracked = await gitLsFiles(dir);
  if (tracked) return { git: true, files: tracked };
  const files: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return; // an unreadable directory holds nothing we can scan
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(abs, e.name), r);
      } else if (e.isFile() || e.isSymbolicLink()) files.push(r);
    }
  };
  walk(dir, "");
  return { git: false, files: files.sort() };
}

/** Tracked files under `dir` (relative to it), or null when `dir` is not inside a git work tree. */
async function gitLsFiles(dir: string): Promise<string[] | null> {
  try {
    const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir });
    if (inside.stdout.trim() !== "true") return null;
  } catch {
    return null;
  }
  // -z: names verbatim (no quoting of unusual characters); a path listed twice (merge stages) is read once.
  const { stdout } = await run("git", ["-c", "core.quotepath=off", "ls-files", "-z", "--cached"], { cwd: dir, maxBuffer: 1 << 30 });
  const files = [...new Set(stdout.split("\0").filter((f) => f !== ""))];
  return files.sort();
}

// One scratch buffer for every read: allocating a fresh ArrayBuffer per file made the garbage collector the
// largest cost of a scan (external memory triggers full collections).
let scratch = Buffer.allocUnsafe(1 << 16);

export function readCodeFile(dir: string, path: string, maxBytes: number): CodeRead {
  let fd: number;
  try {
    fd = openSync(join(dir, path), "r");
  } catch {
    return { skipped: "unreadable" }; // deleted from the work tree, a submodule, a dangling link
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { skipped: "unreadable" };
    if (st.size > maxBytes) return { skipped: "large", size: st.size };
    if (scratch.length < st.size) scratch = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(st.size)));
    const buf = scratch;
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, null);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch {
    return { skipped: "unreadable" };
  } finally {
    closeSync(fd);
  }
}
