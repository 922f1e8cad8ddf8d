// A config repo and hand-assembled release directories for black-box tests of the release commands, without
// depending on the engine: env files are small compiled-looking JSON documents.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { KeyObject } from "node:crypto";
import { assembleRelease } from "../../src/release/build.js";
import { writeBuildDir } from "../../src/release/buildDir.js";

export const BIN = resolve(import.meta.dirname, "../../bin/flagctl.js");

export const PROJECT_YAML = `project: acme-web
environments: [dev, staging, dogfood, prod]
pipeline: [staging, dogfood, prod]
rollout:
  prod: { steps: [1, 10, 50, 100], bake: 15m }
  dogfood: { steps: [100] }
context:
  user: string
`;

export function tempDir(prefix = "flagctl-rel-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function configRepo(yaml = PROJECT_YAML): string {
  const dir = tempDir("flagctl-repo-");
  writeFileSync(join(dir, "flagctl.yaml"), yaml);
  return dir;
}

const ENVS = ["dev", "staging", "dogfood", "prod"];

/** Writes a release directory for a fake commit; `n` varies the flag content. Returns { dir, version }. */
export async function fakeRelease(
  n: number,
  opts: { dirty?: boolean; signKey?: KeyObject | null; parent?: { version: string; envs: Record<string, Buffer> } | null } = {},
): Promise<{ dir: string; version: string; envs: Record<string, Buffer> }> {
  const commit = (n.toString(16).padStart(7, "0") + "a".repeat(33)).slice(0, 40);
  const envs = Object.fromEntries(
    ENVS.map((env) => [env, Buffer.from(JSON.stringify({ env, flags: { "checkout.new-flow": { n, env }, "search.ranker": { v: 1 } }, format: 1, segments: {} }))]),
  );
  const release = assembleRelease({
    project: "acme-web",
    git: { commit, commitTime: new Date(Date.UTC(2026, 10, 21, 10, 0, n)), dirty: opts.dirty ?? false },
    envs,
    parent: opts.parent ?? null,
    signKey: opts.signKey ?? null,
  });
  const dir = join(tempDir("flagctl-build-"), release.version);
  await writeBuildDir(dir, release.files);
  return { dir, version: release.version, envs };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function flagctl(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, FLAGCTL_ACTOR: "tester", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1", ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export function mkdirp(p: string): string {
  mkdirSync(p, { recursive: true });
  return p;
}
