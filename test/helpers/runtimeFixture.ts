// Real releases for runtime tests: a config repo written to a temp dir, compiled by the engine exactly as
// `flagctl build` does (compileEnv -> canonicalJson), assembled (manifest, optional signature), published with
// putRelease and pointed at with writePointer, on any ObjectStore.
import type { KeyObject } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { canonicalJson, compileEnv, type Repo, type Pointer } from "../../src/core/index.js";
import { assembleRelease } from "../../src/release/build.js";
import { writeBuildDir } from "../../src/release/buildDir.js";
import { FileStore, putRelease, readPointer, writePointer, type ObjectStore } from "../../src/store/index.js";
import { loadRepo, writeRepo } from "./tempRepo.js";

export interface BuiltRelease {
  version: string;
  repo: Repo;
  files: { path: string; body: Buffer }[];
  envs: Record<string, Buffer>;
}

/** Compiles repo files (flagctl.yaml defaults to tempRepo's PROJECT) into a release for commit number `n`. */
export function buildRelease(files: Record<string, string>, n: number, opts: { signKey?: KeyObject | null; parent?: BuiltRelease } = {}): BuiltRelease {
  const repo = loadRepo(writeRepo(files));
  const envs: Record<string, Buffer> = {};
  for (const env of repo.project.environments) envs[env] = Buffer.from(canonicalJson(compileEnv(repo, env)), "utf8");
  const commit = (n.toString(16).padStart(7, "0") + "b".repeat(33)).slice(0, 40);
  const rel = assembleRelease({
    project: repo.project.name,
    git: { commit, commitTime: new Date(Date.UTC(2026, 10, 21, 10, 0, 0) + n * 1000), dirty: false },
    envs,
    parent: opts.parent ? { version: opts.parent.version, envs: opts.parent.envs } : null,
    signKey: opts.signKey ?? null,
  });
  return { version: rel.version, repo, files: rel.files, envs };
}

/** A file:// store in a temp dir serving `rel` (built from `files` as commit 1) as prod's stable release. */
export async function fileStoreServing(files: Record<string, string>): Promise<{ store: FileStore; rel: BuiltRelease }> {
  const store = new FileStore(mkdtempSync(path.join(os.tmpdir(), "flagctl-serving-")));
  const rel = buildRelease(files, 1);
  await publish(store, rel);
  await point(store, "prod", { stable: rel.version });
  return { store, rel };
}

export async function publish(store: ObjectStore, rel: BuiltRelease): Promise<void> {
  await putRelease(store, rel.version, rel.files);
}

export async function writeDir(dir: string, rel: BuiltRelease): Promise<void> {
  await writeBuildDir(dir, rel.files);
}

/** Moves envs/<env>/pointer.json (compare-and-swap) to the given state. */
export async function point(store: ObjectStore, env: string, to: { stable: string | null; candidate?: string | null; percent?: number }): Promise<Pointer> {
  const cur = await readPointer(store, env);
  return writePointer(store, env, cur.pointer && cur.etag ? { seq: cur.pointer.seq, etag: cur.etag } : null, {
    stable: to.stable,
    candidate: to.candidate ?? null,
    percent: to.percent ?? 0,
    updatedAt: new Date().toISOString(),
    by: "test",
    reason: "test",
  });
}

/** A boolean flag file with a prod config given as YAML lines (indented 4). */
export const flag = (prod: string, opts: { type?: string; dflt?: string; extra?: string } = {}) =>
  `description: d\nowner: "@t"\nkind: ops\n${opts.type ? `type: ${opts.type}\n` : ""}default: ${opts.dflt ?? "false"}\n${opts.extra ?? ""}environments:\n  dev: ${opts.dflt ?? "true"}\n  prod:\n${prod}`;
