// `flagctl publish` as data: read a build directory, refuse a -dirty build unless allowed, verify it locally
// (signature, every file against the manifest), upload it (env files first, manifest last), verified again.
import type { KeyObject } from "node:crypto";
import { RefusedError } from "../errors.js";
import { dirtySummary } from "./build.js";
import { readBuildDir } from "../release/buildDir.js";
import { verifyRelease } from "../release/verify.js";
import { putRelease, type PutReleaseResult } from "../store/putRelease.js";
import type { ObjectStore } from "../store/store.js";

export interface PublishInput {
  store: ObjectStore;
  /** Absolute path of a build directory. */
  dir: string;
  allowDirty?: boolean;
  /** When the build was just made: the files that made it dirty, to name in a refusal. */
  dirtyFiles?: string[];
  verifyKey: KeyObject | null;
  /** A progress display for the upload (the CLI's shows on stderr after a second). */
  progress?: (version: string) => { update(text: string): void; done(): void };
}

export type PublishResult = { store: string } & PutReleaseResult;

export async function publish(input: PublishInput): Promise<PublishResult> {
  const built = await readBuildDir(input.dir);
  const { version } = built.manifest;
  if (built.manifest.dirty && !input.allowDirty) {
    const what = input.dirtyFiles?.length ? `: ${dirtySummary(input.dirtyFiles)}` : "";
    throw new RefusedError(
      `${version} was built from a work tree with uncommitted changes${what}`,
      "commit them (build output and keys belong in .gitignore) and rebuild, or pass --allow-dirty",
      "E_DIRTY_RELEASE",
    );
  }
  const local = new Map(built.files.map((f) => [f.path, f.body]));
  await verifyRelease({ manifest: built.manifestBytes, signature: built.signature }, async (p) => local.get(p) ?? null, input.verifyKey, input.dir);
  const bar = input.progress?.(version);
  try {
    const result = await putRelease(input.store, version, built.files, { repair: true, onFile: (p, i, n) => bar?.update(`${i + 1}/${n} ${p}`) });
    return { store: input.store.url, ...result };
  } finally {
    bar?.done();
  }
}
