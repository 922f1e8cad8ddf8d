// A built release on disk: <dir>/manifest.json, <dir>/manifest.sig (when signed), <dir>/envs/<env>.json.
// Written into a temp directory beside the target and renamed into place, so a reader never sees half a build.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseManifest, type Manifest } from "../core/release/manifest.js";
import { UsageError, VerificationError } from "../errors.js";

export interface ReleaseFileBytes {
  path: string;
  body: Buffer;
}

export async function writeBuildDir(dir: string, files: ReleaseFileBytes[]): Promise<"written" | "unchanged"> {
  if (await sameFiles(dir, files)) return "unchanged";
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    for (const f of files) {
      await mkdir(dirname(join(tmp, f.path)), { recursive: true });
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
    await rm(tmp, { recursive: true, force: true });
    throw e;
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
  if (!parsed.ok) throw new VerificationError("E_BAD_MANIFEST", `${join(dir, "manifest.json")}: ${parsed.message}`);
  const signature = await readFile(join(dir, "manifest.sig")).catch(() => null);
  const files: ReleaseFileBytes[] = [];
  for (const env of Object.keys(parsed.manifest.envs).sort()) {
    const path = parsed.manifest.envs[env].path;
    const body = await readFile(join(dir, path)).catch(() => {
      throw new VerificationError("E_TAMPERED", `${join(dir, path)} is missing but the manifest lists it`);
    });
    files.push({ path, body });
  }
  if (signature) files.push({ path: "manifest.sig", body: signature });
  files.push({ path: "manifest.json", body: manifestBytes });
  return { manifest: parsed.manifest, manifestBytes, signature, files };
}
