// Writes the report into --out without ever deleting or overwriting what it did not create. A report directory
// is recognised by its marker file, which lists every file the report wrote; a later run replaces those files,
// removes the ones it no longer writes, and leaves anything else in the directory alone. A non-empty directory
// without the marker, a file, and the config repo itself (or a directory holding it) are refused.
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors.js";
import { mkdirs } from "../release/buildDir.js";
import type { SiteFile } from "./renderSite.js";

export const MARKER = ".flagctl-report";

interface Marker {
  generator: "flagctl report";
  files: string[];
}

export interface WriteResult {
  files: number;
  bytes: number;
  removed: number;
}

/** Checks `out` before anything is computed or written; returns the files a previous report wrote there. */
export function checkOutDir(out: string, repoRoot: string): { dir: string; previous: Set<string> } {
  const dir = resolve(out);
  const root = resolve(repoRoot);
  const hint = "choose a new or empty directory, or one a previous flagctl report wrote (it has a .flagctl-report file)";
  if (dir === root || root.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
    throw new UsageError(`--out ${out} is the config repo or holds it; the report never writes there`, "e.g. --out report/ or --out \"$RUNNER_TEMP/flag-report\"");
  }
  const rel = relative(root, dir);
  if (rel === ".git" || rel.startsWith(`.git${sep}`)) throw new UsageError(`--out ${out} is inside the repo's .git directory`, hint);
  if (!existsSync(dir)) return { dir, previous: new Set() };
  if (!lstatSync(dir).isDirectory()) throw new UsageError(`--out ${out} exists and is not a directory`, hint);
  const markerPath = join(dir, MARKER);
  if (existsSync(markerPath)) {
    const marker = readMarker(markerPath);
    if (!marker) throw new UsageError(`--out ${out}: ${MARKER} is not a flagctl report marker; refusing to touch the directory`, hint);
    return { dir, previous: new Set(marker.files) };
  }
  if (readdirSync(dir).length > 0) throw new UsageError(`--out ${out} is not empty and not a previous report`, hint);
  return { dir, previous: new Set() };
}

function readMarker(path: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as Partial<Marker>;
    if (m.generator !== "flagctl report" || !Array.isArray(m.files) || !m.files.every((f) => typeof f === "string" && safeRelative(f))) return null;
    return m as Marker;
  } catch {
    return null;
  }
}

const safeRelative = (p: string) => p !== "" && !p.startsWith("/") && !p.split("/").some((s) => s === ".." || s === "" || s === ".");

/**
 * Writes every file. The marker is written first listing both the previous and the new files (so a run killed
 * midway leaves a directory the next run still recognises), and last listing only the new ones.
 */
export async function writeSite(target: { dir: string; previous: Set<string> }, files: Iterable<SiteFile>, planned: readonly string[]): Promise<WriteResult> {
  const { dir, previous } = target;
  for (const p of planned) {
    if (!previous.has(p) && existsSync(join(dir, p))) {
      throw new UsageError(`--out ${dir} already has ${p}, which no flagctl report wrote; refusing to overwrite it`, "move it away, or choose another --out");
    }
  }
  await mkdirs(dir);
  const writeMarker = (list: Iterable<string>) =>
    writeFile(join(dir, MARKER), `${JSON.stringify({ generator: "flagctl report", files: [...new Set(list)].sort() }, null, 1)}\n`);
  await writeMarker([...previous, ...planned]);
  const made = new Set<string>();
  let bytes = 0;
  const pending: Promise<void>[] = [];
  const dirs = new Set<string>();
  for (const f of files) {
    if (!safeRelative(f.path)) throw new Error(`report file path ${f.path} is not a plain relative path`);
    const path = join(dir, f.path);
    const parent = dirname(path);
    if (!dirs.has(parent)) {
      await mkdirs(parent);
      dirs.add(parent);
    }
    const body = Buffer.from(f.body);
    bytes += body.length;
    made.add(f.path);
    pending.push(writeFile(path, body));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  let removed = 0;
  for (const old of previous) {
    if (made.has(old)) continue;
    await rm(join(dir, old), { force: true });
    removed++;
  }
  await writeMarker(made);
  return { files: made.size, bytes, removed };
}
