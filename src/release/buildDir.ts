// A built release on disk: <dir>/manifest.json, <dir>/manifest.sig (when signed), <dir>/envs/<env>.json.
// Written into a temp directory beside the target and renamed into place, so a reader never sees half a build.
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseManifest, type Manifest } from "../core/release/manifest.js";
import { UsageError, VerificationError } from "../errors.js";

export interface ReleaseFileBytes {
  path: string;
  body: Buffer;
}

/**
 * Writes a build into `dir`, replacing only a previous build there. Refuses (exit 2) a `dir` that is or holds
 * `protect` (the config repo), a path through a file, or a non-empty directory that is not a build output.
 */
export async function writeBuildDir(dir: string, files: ReleaseFileBytes[], opts: { protect?: string } = {}): Promise<"written" | "unchanged"> {
  await checkBuildTarget(dir, opts.protect);
  if (await sameFiles(dir, files)) return "unchanged";
  const parent = dirname(dir);
  try {
    await mkdirs(parent);
  } catch (e) {
    throw outError(dir, e);
  }
  const tmp = join(parent, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    // Never `recursive: true` here: on special file systems (/proc) it retries forever instead of failing.
    await mkdir(tmp);
    for (const f of files) {
      const sub = dirname(join(tmp, f.path));
      if (sub !== tmp) await mkdir(sub).catch((e: NodeJS.ErrnoException) => (e.code === "EEXIST" ? undefined : Promise.reject(e)));
      await writeFile(join(tmp, f.path), f.body);
    }
    const old = join(parent, `.old-${randomBytes(6).toString("hex")}`);
    const hadOld = await rename(dir, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return false;
        throw e;
      },
    );
    await rename(tmp, dir);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return "written";
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw outError(dir, e);
  }
}

const outError = (dir: string, e: unknown) => {
  if (!(e as NodeJS.ErrnoException)?.code) return e;
  const err = e as NodeJS.ErrnoException;
  return new UsageError(`cannot write the build to ${dir}: ${err.code}${err.path && err.path !== dir ? ` (${err.path})` : ""}`, "choose an --out directory you can write to", "E_OUT_WRITE");
};

/**
 * Creates `dir` and its missing parents one level at a time, failing on a file in the way. Never
 * `mkdir(..., { recursive: true })` for a user's --out: on special file systems (/proc) that retries forever.
 */
export async function mkdirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const st = await lstat(at).catch(() => null);
    if (st) {
      if (!st.isDirectory() && !(st.isSymbolicLink() && (await isDir(at)))) {
        throw new UsageError(`cannot write under ${at}: it is a file, not a directory`, "choose another --out directory", "E_OUT_NOT_DIR");
      }
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
    at = dirname(at);
  }
  for (const d of missing) await mkdir(d).catch((e: NodeJS.ErrnoException) => (e.code === "EEXIST" ? undefined : Promise.reject(e)));
}

const isDir = (p: string) => realpath(p).then((r) => lstat(r)).then((s) => s.isDirectory(), () => false);

/** The files a build writes; a directory holding only these, with a manifest that parses, is a previous build. */
const BUILD_ENTRY = /^(manifest\.json|manifest\.sig|envs|envs\/[^/]+\.json)$/;

/** Throws a UsageError unless `dir` is safe to replace with a build; see writeBuildDir. */
export async function checkBuildTarget(dir: string, protect?: string): Promise<void> {
  const target = await realpathOfNearest(resolve(dir));
  if (protect) {
    const guarded = await realpath(protect).catch(() => resolve(protect));
    const rel = relative(target, guarded);
    if (rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) {
      throw new UsageError(
        `refusing to write the build to ${dir}: it ${rel === "" ? "is" : "contains"} the config repo ${guarded}, which the build would replace`,
        "give --out a new or empty directory, or a previous build's directory (default: .flagctl/build/<version>/)",
        "E_OUT_UNSAFE",
      );
    }
  }
  const st = await lstat(dir).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" || e.code === "ENOTDIR" ? null : Promise.reject(outError(dir, e))));
  if (!st) return;
  if (!st.isDirectory()) {
    throw new UsageError(`refusing to write the build to ${dir}: it exists and is not a directory`, "give --out a new or empty directory", "E_OUT_NOT_DIR");
  }
  const entries = await listTree(dir);
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => !BUILD_ENTRY.test(e));
  const manifest = await readFile(join(dir, "manifest.json")).catch(() => null);
  if (foreign.length === 0 && manifest && parseManifest(manifest).ok) return;
  const shown = foreign.length ? foreign : entries;
  throw new UsageError(
    `refusing to write the build to ${dir}: it is not empty and not a previous build output (it holds ${shown.slice(0, 3).join(", ")}${shown.length > 3 ? `, … ${shown.length} entries` : ""})`,
    "give --out a new or empty directory, or a previous build's directory (default: .flagctl/build/<version>/)",
    "E_OUT_NOT_EMPTY",
  );
}

/** Paths under `dir`, "/"-separated, two levels deep at most (a build has no deeper files). */
async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    out.push(e.name);
    if (e.isDirectory() && e.name === "envs") {
      for (const f of await readdir(join(dir, e.name), { withFileTypes: true })) out.push(f.isFile() ? `envs/${f.name}` : `envs/${f.name}/`);
    }
  }
  return out;
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest, so symlinks cannot hide the repo. */
async function realpathOfNearest(p: string): Promise<string> {
  const rest: string[] = [];
  let at = p;
  for (;;) {
    const real = await realpath(at).catch(() => null);
    if (real) return join(real, ...rest);
    if (dirname(at) === at) return p;
    rest.unshift(basename(at));
    at = dirname(at);
  }
}

async function sameFiles(dir: string, files: ReleaseFileBytes[]): Promise<boolean> {
  for (const f of files) {
    const there = await readFile(join(dir, f.path)).catch(() => null);
    if (!there || !there.equals(f.body)) return false;
  }
  const sig = files.some((f) => f.path === "manifest.sig");
  if (!sig && (await readFile(join(dir, "manifest.sig")).catch(() => null))) return false;
  return true;
}

export interface BuildDirContents {
  manifest: Manifest;
  manifestBytes: Buffer;
  signature: Buffer | null;
  files: ReleaseFileBytes[];
}

/** Reads a build directory back: the manifest, its signature, and each env file the manifest lists. */
export async function readBuildDir(dir: string): Promise<BuildDirContents> {
  const manifestBytes = await readFile(join(dir, "manifest.json")).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`${join(dir, "manifest.json")}: ${e.code === "ENOENT" ? "not found; is this a build directory?" : e.message}`, "build one with: flagctl build");
  });
  const parsed = parseManifest(manifestBytes);
  if (!parsed.ok) throw new VerificationError(`${join(dir, "manifest.json")}: ${parsed.message}`, undefined, "E_BAD_MANIFEST");
  const signature = await readFile(join(dir, "manifest.sig")).catch(() => null);
  const files: ReleaseFileBytes[] = [];
  for (const env of Object.keys(parsed.manifest.envs).sort()) {
    const path = parsed.manifest.envs[env].path;
    const body = await readFile(join(dir, path)).catch(() => {
      throw new VerificationError(`${join(dir, path)} is missing but the manifest lists it`, undefined, "E_TAMPERED");
    });
    files.push({ path, body });
  }
  if (signature) files.push({ path: "manifest.sig", body: signature });
  files.push({ path: "manifest.json", body: manifestBytes });
  return { manifest: parsed.manifest, manifestBytes, signature, files };
}
