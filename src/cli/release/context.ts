// What every release command shares: the project, the store, the clock, the actor, the bake override.
import type { KeyObject } from "node:crypto";
import type { Command } from "commander";
import { resolve } from "node:path";
import type { Project } from "../../core/model.js";
import { ExitCode } from "../../errors.js";
import { resolveActor } from "../../git/git.js";
import { loadKey } from "../../release/sign.js";
import type { ObjectStore } from "../../store/store.js";
import { parseDecimal, parseDurationArg, parseInteger, parseVersionArg } from "../args.js";
import type { CliIO } from "../io.js";
import { addStoreOptions, openStoreFromOptions, type StoreCliOptions } from "../storeOptions.js";
import { checkEnv, loadProject } from "../../app/loadProject.js";
import { movePointer } from "../../app/movePointer.js";
import type { ReleaseAction } from "../../core/release/planner.js";
import { checkFormat, render } from "../reporters/index.js";

export interface ReleaseContext {
  root: string;
  project: Project;
  store: ObjectStore;
  now: Date;
  actor: () => Promise<string>;
  /** The bake time to use instead of flagctl.yaml's, when overridden. */
  bakeOverride: (env: string) => number | undefined;
}

export interface BakeOptions {
  bake?: string;
}

export function addBakeOption(command: Command): Command {
  return command.option(
    "--bake <duration>",
    "use this bake time instead of flagctl.yaml's (e.g. 0s, 30s; also FLAGCTL_BAKE_SCALE=0.001 scales every bake)",
  );
}

export function addFormatOption(command: Command): Command {
  return command.option("--format <format>", "text or json", "text");
}

export interface RepoOptions {
  /** The config repo directory (default: the nearest directory with flagctl.yaml). */
  cwd?: string;
}

/** --cwd and the store options every release command takes; see addStoreOptions for `writes`. */
export function withStoreOptions(command: Command, opts: { writes?: boolean } = {}): Command {
  return addStoreOptions(command.option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)"), opts);
}

export function repoStart(io: CliIO, options: RepoOptions): string {
  return resolve(io.cwd, options.cwd ?? ".");
}

export function releaseContext(io: CliIO, options: StoreCliOptions & BakeOptions & RepoOptions): ReleaseContext {
  const { root, project } = loadProject(repoStart(io, options));
  const store = openStoreFromOptions(options, { cwd: io.cwd, env: io.env, projectStore: project.store, projectDir: root });
  const bakeOverride = bakeOverrideFrom(options.bake, io.env.FLAGCTL_BAKE_SCALE, project);
  return { root, project, store, now: new Date(), actor: () => resolveActor(io.env, root), bakeOverride };
}

/** --bake replaces every env's bake time; FLAGCTL_BAKE_SCALE multiplies them (the demo uses a tiny factor). */
export function bakeOverrideFrom(
  bake: string | undefined,
  scale: string | undefined,
  project: Pick<Project, "rollout">,
): (env: string) => number | undefined {
  if (bake !== undefined) {
    const ms = parseDurationArg(bake, "--bake");
    return () => ms;
  }
  if (scale !== undefined && scale.trim() !== "") {
    const factor = parseDecimal(scale, "FLAGCTL_BAKE_SCALE");
    return (env) => Math.round((project.rollout[env]?.bakeMs ?? 0) * factor);
  }
  return () => undefined;
}

/** The public key to verify releases with: --verify-key, else FLAGCTL_VERIFY_KEY (a path or PEM text), else none. */
export async function verifyKeyFrom(io: CliIO, option: string | undefined): Promise<KeyObject | null> {
  if (option) return loadKey("public", option, "--verify-key");
  const env = io.env.FLAGCTL_VERIFY_KEY;
  if (env && env.trim() !== "") return loadKey("public", env, "FLAGCTL_VERIFY_KEY");
  return null;
}

export interface VerifyKeyOptions {
  verifyKey?: string;
}

/** Every command that moves a pointer re-verifies its target release, with this key when one is given. */
export function addVerifyKeyOption(command: Command): Command {
  return command.option("--verify-key <file>", "ed25519 public key (PEM) the release must be signed with (also FLAGCTL_VERIFY_KEY)");
}

export function addIfSeqOption(command: Command): Command {
  return command.option("--if-seq <n>", "act only if the env's pointer is still at seq N (0: never set); otherwise exit 4");
}

export function parseIfSeq(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return parseInteger(v, "--if-seq", { min: 0, hint: "use the seq shown by flagctl status --format json (0: never set)" });
}

export interface MoveOptions extends StoreCliOptions, BakeOptions, RepoOptions {
  format?: string;
  ifSeq?: string;
  verifyKey?: string;
}

/** promote, rollout and rollback: one pointer move, rendered. */
export async function runMove(io: CliIO, env: string, action: ReleaseAction, opts: MoveOptions): Promise<number> {
  const format = checkFormat("move", opts.format);
  const ifSeq = parseIfSeq(opts.ifSeq);
  if (action.kind === "promote") parseVersionArg(action.version);
  const ctx = releaseContext(io, opts);
  checkEnv(ctx.project.environments, env); // before the key and the actor are read, as in every command
  const result = await movePointer({
    store: ctx.store,
    project: ctx.project,
    env,
    action,
    ifSeq,
    now: ctx.now,
    actor: await ctx.actor(),
    bakeMs: action.kind === "rollback" ? undefined : ctx.bakeOverride(env),
    // Every move re-verifies the release it points hosts at, with the key when one is configured.
    verifyKey: await verifyKeyFrom(io, opts.verifyKey),
  });
  io.stdout(render("move", format, { env, ...result }, io.color));
  return ExitCode.OK;
}
