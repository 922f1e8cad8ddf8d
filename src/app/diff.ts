// `flagctl diff`: resolves both sides to compiled environments (working tree, git revision, release, deployed),
// pairs them by environment, runs the pure differ, and checks for breaking changes against the store.
import { checkEnv, loadProject } from "./loadProject.js";
import { diffEnv, findBreaking, type Breaking, type BreakingCheck, type DiffReport, type EnvDiff, type SampleContext } from "../core/diff/index.js";
import type { EnvModel } from "../core/compile/ir.js";
import type { Repo } from "../core/model.js";
import { FlagctlError, UsageError } from "../errors.js";
import type { ObjectStore } from "../store/store.js";
import { RepoLoader, type LoadedRepo } from "./diff/loadRepoModels.js";
import { readSample } from "./diff/readSample.js";
import { parseSideSpec, type SideSpec } from "./diff/sideSpec.js";
import { deployedModels, releaseModels } from "./diff/storeModels.js";

export interface RunDiffOptions {
  /** The config repo root. */
  root: string;
  a?: string;
  b?: string;
  base?: string;
  /** Opens the store (--store, else flagctl.yaml's `store:`, given as projectStore); only when a side needs it. */
  openStore: (projectStore: () => string | undefined) => ObjectStore;
  sample?: string;
  allowBreaking: boolean;
  /** Epoch ms: the instant both sides are evaluated at, and today's date for lint. */
  now: number;
  /** Load both repo sides whole even when only some flag files differ (tests compare it with the shortcut). */
  loadEverything?: boolean;
}

interface Entry {
  env: string;
  label: string;
  model?: EnvModel;
  /** A working tree or git revision: what would be deployed next, so breaking changes are checked. */
  proposed: boolean;
  /** The side named no env (a whole release, or --base): it is paired by env name. */
  wholeRepo: boolean;
  repo?: Repo;
  /** ENV@deployed: which of the env's running releases this side is. */
  role?: "stable" | "candidate";
  /** Set when `repo`/`model` hold only the flags that can differ: the whole side. */
  complete?: () => Promise<LoadedRepo>;
}

export async function runDiff(o: RunDiffOptions): Promise<DiffReport> {
  const today = new Date(o.now).toISOString().slice(0, 10);
  const loader = new RepoLoader(today);
  let work: Promise<LoadedRepo> | undefined;
  const workTree = () => (work ??= loader.workTree(o.root));
  const revisions = new Map<string, Promise<LoadedRepo>>();
  const atRev = (rev: string) => {
    let p = revisions.get(rev);
    if (!p) revisions.set(rev, (p = loader.atRevision(o.root, rev)));
    return p;
  };
  let store: ObjectStore | undefined;
  const openStore = async () => (store ??= o.openStore(() => loader.projectStore(o.root)));
  let specs: [SideSpec, SideSpec];
  let from: string;
  let to: string;
  if (o.base !== undefined) {
    if (o.a !== undefined) throw new UsageError("--base compares the whole working tree; give no environments with it", "flagctl diff --base origin/main");
    specs = [{ kind: "git", rev: o.base }, { kind: "work" }];
    [from, to] = [o.base, "working tree"];
  } else {
    if (o.a === undefined || o.b === undefined) {
      throw new UsageError("diff needs two sides, or --base <gitref>", "flagctl diff qa prod | flagctl diff prod@HEAD~1 prod | flagctl diff --base origin/main");
    }
    specs = [parseSideSpec(o.a), parseSideSpec(o.b)];
    [from, to] = [o.a, o.b];
  }

  // Two repo sides compared env by env of the same name (--base, prod@HEAD~1 → prod) are loaded as a pair, so
  // flags whose files are identical on both sides need not be parsed (RepoLoader.pair).
  const isRepo = (s: SideSpec) => s.kind === "work" || s.kind === "git";
  let paired: Promise<[LoadedRepo, LoadedRepo]> | undefined;
  if (!o.loadEverything && isRepo(specs[0]) && isRepo(specs[1]) && specs[0].env === specs[1].env) {
    const work = specs.some((s) => s.kind === "work") ? loader.readWorkTree(o.root) : undefined;
    const read = (s: SideSpec) => (s.kind === "git" ? loader.readRevision(o.root, s.rev, work) : Promise.resolve(work!));
    paired = Promise.all([read(specs[0]), read(specs[1])]).then(([a, b]) => loader.pair(a, b));
  }

  const resolve = async (spec: SideSpec, side: 0 | 1): Promise<Entry[]> => {
    switch (spec.kind) {
      case "work":
      case "git": {
        const loaded = paired ? (await paired)[side] : await (spec.kind === "work" ? workTree() : atRev(spec.rev));
        const envs = loaded.repo.project.environments;
        if (spec.env !== undefined && !envs.includes(spec.env)) {
          throw new UsageError(`no environment ${JSON.stringify(spec.env)} in the config at ${loaded.where}`, `environments: ${envs.join(", ")}; a release is v<YYYYMMDD>.<HHMMSS>-<commit7>`, "E_UNKNOWN_ENV");
        }
        const label = (env: string) => (spec.kind === "work" ? `${env} (working tree)` : `${env}@${spec.rev}`);
        return (spec.env !== undefined ? [spec.env] : envs).map((env) => ({
          env,
          label: label(env),
          model: loaded.models[env],
          proposed: true,
          wholeRepo: spec.env === undefined,
          repo: loaded.repo,
          complete: loaded.complete,
        }));
      }
      case "release": {
        const models = await releaseModels(await openStore(), spec.version, spec.env);
        return Object.entries(models).map(([env, model]) => ({ env, label: `${spec.version}:${env}`, model, proposed: false, wholeRepo: spec.env === undefined }));
      }
      case "deployed": {
        // An environment flagctl.yaml does not name is a usage error, as everywhere, before the store is read.
        const known = projectEnvironments(o.root);
        if (known) checkEnv(known, spec.env);
        const s = await openStore();
        const deployed = await deployedModels(s, spec.env);
        if (deployed.length === 0) throw new UsageError(`nothing is deployed to ${spec.env} in ${s.url}`, "promote a release first, or check --store", "E_NOTHING_DEPLOYED");
        return deployed.map((d) => ({ env: spec.env, label: `${spec.env}@deployed ${d.label}`, model: d.model, proposed: false, wholeRepo: false, role: d.role }));
      }
    }
  };
  const [left, right] = await Promise.all([resolve(specs[0], 0), resolve(specs[1], 1)]);

  const pairs: [Entry, Entry][] = [];
  const missing = (env: string, like: Entry, label: string): Entry => ({ env, label, proposed: like.proposed, wholeRepo: true });
  if (left.every((e) => e.wholeRepo) || right.every((e) => e.wholeRepo)) {
    // Pair by environment name; an env only one side has is all added or all removed.
    const envs = [...new Set([...left, ...right].map((e) => e.env))].sort();
    const narrowed = left.some((e) => !e.wholeRepo) ? left.map((e) => e.env) : right.some((e) => !e.wholeRepo) ? right.map((e) => e.env) : envs;
    for (const env of envs.filter((e) => narrowed.includes(e))) {
      const ls = left.filter((e) => e.env === env);
      const rs = right.filter((e) => e.env === env);
      for (const l of ls.length ? ls : [missing(env, left[0], `${env} (absent in ${from})`)]) {
        for (const r of rs.length ? rs : [missing(env, right[0], `${env} (absent in ${to})`)]) pairs.push([l, r]);
      }
    }
  } else {
    for (const l of left) for (const r of right) pairs.push([l, r]);
  }

  const sample = o.sample !== undefined ? { contexts: readSample(o.sample), source: `--sample ${o.sample}` } : undefined;
  const testsRepo = [...right, ...left].find((e) => e.repo)?.repo;
  const envs: EnvDiff[] = pairs.map(([l, r]) => {
    const name = pairName(l, r);
    const golden = (): { contexts: SampleContext[]; source: string } | undefined => {
      const contexts = (testsRepo?.tests ?? [])
        .filter((t) => t.kind === "exact" && t.env === r.env)
        .map((t) => ({ static: t.static as Record<string, unknown>, context: t.context as Record<string, unknown> }));
      return contexts.length > 0 ? { contexts, source: "golden tests" } : undefined;
    };
    return diffEnv(name, { label: l.label, model: l.model }, { label: r.label, model: r.model }, { now: o.now, sample: sample ?? golden() });
  });

  const breaking = await checkBreaking(pairs.map(([, r]) => r), openStore, o.allowBreaking);
  return { from, to, envs, breaking };
}

/** The working tree's environments, or undefined when its flagctl.yaml does not load (then the store decides). */
function projectEnvironments(root: string): readonly string[] | undefined {
  try {
    return loadProject(root).project.environments;
  } catch {
    return undefined;
  }
}

/** "prod"; "staging → prod"; a deployed side says which release it is: "prod (deployed candidate)". */
function pairName(l: Entry, r: Entry): string {
  const role = (e: Entry) => (e.role ? `deployed ${e.role}` : undefined);
  if (l.env !== r.env) return [l, r].map((e) => (e.role ? `${e.env} (${role(e)})` : e.env)).join(" → ");
  const roles = [role(l), role(r)].filter((x) => x !== undefined);
  return roles.length ? `${l.env} (${roles.join(" → ")})` : l.env;
}

async function checkBreaking(targets: Entry[], openStore: () => Promise<ObjectStore>, allowed: boolean): Promise<BreakingCheck> {
  const proposed = targets.filter((t) => t.proposed && t.model);
  if (proposed.length === 0) return { status: "skipped", detail: "breaking-change check skipped: the new side is a release, not a change to deploy", found: [], allowed };
  let store: ObjectStore;
  try {
    store = await openStore();
  } catch (err) {
    const why = err instanceof FlagctlError ? err.message : String(err);
    return { status: "skipped", detail: `breaking-change check skipped: ${why} (pass --store or set store: in flagctl.yaml)`, found: [], allowed };
  }
  const found: Breaking[] = [];
  const checked: string[] = [];
  const seen = new Set<string>();
  for (const t of proposed) {
    if (seen.has(t.env)) continue;
    seen.add(t.env);
    let deployed;
    try {
      deployed = await deployedModels(store, t.env);
    } catch (err) {
      const why = err instanceof FlagctlError ? err.message : String(err);
      return { status: "skipped", detail: `breaking-change check skipped: cannot read what ${t.env} runs from ${store.url}: ${why}`, found: [], allowed };
    }
    if (deployed.length > 0) checked.push(`${t.env} (${deployed.map((d) => d.label).join(", ")})`);
    // Deployed releases may differ from the other side anywhere, so every flag of the new side counts here.
    const whole = deployed.length > 0 && t.complete ? await t.complete() : undefined;
    const repo = whole ? whole.repo : t.repo;
    const model = whole ? whole.models[t.env] : t.model!;
    const declared = (key: string) => {
      const f = repo?.flags.get(key);
      return f && (f.type === "string" || f.type === "number") && f.variations ? f.variations.map((v) => v.value) : undefined;
    };
    found.push(...findBreaking(t.env, model, deployed, declared));
  }
  const detail = checked.length > 0 ? `checked against ${store.url}: ${checked.join("; ")}` : `nothing deployed in ${store.url} for ${[...seen].join(", ")}`;
  return { status: "done", detail, found, allowed };
}
