// Use case: the flags that should be deleted, with reasons. Code references come from findRefs, "settled" from
// the store's pointer history and the env files of the releases it names. Returns data; never prints.
import { findStale, flagSettledness, servedFingerprints, stableSpans, type EnvSettledness, type EnvTimeline, type StaleFlag } from "../core/hygiene/index.js";
import type { JsonValue, Repo } from "../core/model.js";
import { StoreError, VerificationError } from "../errors.js";
import { fsCodeSource } from "../repo/codeDir.js";
import { readHistory } from "../store/history.js";
import type { ObjectStore } from "../store/store.js";
import { fetchEnvRelease, type VerifiedManifest } from "./fetchRelease.js";
import { findRefs, type CodeDir, type RefsPorts, type RefsResult } from "./refs.js";

export interface FindStaleOptions {
  /** The config repo, loaded and valid. */
  repo: Repo;
  /** The config repo root (its own files are not code when a code dir holds them). */
  root?: string;
  now: Date;
  /** Code dirs to look for references in; none: the `unreferenced` reason is not checked. */
  codeDirs?: readonly CodeDir[];
}

export interface StalePorts extends Partial<RefsPorts> {
  /** With a store, the `settled` reason is checked. */
  store?: ObjectStore;
}

export interface StaleResult {
  now: string;
  flags: StaleFlag[];
  /** How many flags were checked. */
  checked: number;
  /** The references found, when code dirs were given (the HTML report shows them). */
  refs?: RefsResult;
  /** The store read for `settled`, and its threshold. */
  store?: { url: string; settledAfterMs: number; environments: EnvTimeline[] };
}

export async function findStaleFlags(options: FindStaleOptions, ports: StalePorts = {}): Promise<StaleResult> {
  const { repo, now } = options;
  const project = repo.project;
  let refs: RefsResult | undefined;
  if (options.codeDirs && options.codeDirs.length > 0) {
    refs = await findRefs(
      {
        keys: repo.flags.keys(),
        codeDirs: options.codeDirs,
        aliases: project.refs.aliases,
        ignore: project.refs.ignore,
        maxFileSize: project.refs.maxFileSize,
        configRoot: options.root,
      },
      { code: ports.code ?? fsCodeSource },
    );
  }
  let store: StaleResult["store"];
  let perFlag: Map<string, EnvSettledness[]> | undefined;
  if (ports.store) {
    const timelines = await readTimelines(ports.store, project.environments);
    const served = await readServed(ports.store, timelines);
    perFlag = new Map([...repo.flags.keys()].map((k) => [k, flagSettledness(k, timelines, (v, env) => served.get(`${v}\0${env}`))]));
    store = { url: ports.store.url, settledAfterMs: project.stale.settledAfterMs, environments: timelines };
  }
  const flags = findStale({
    flags: repo.flags.values(),
    environments: project.environments,
    now,
    references: refs && { counts: new Map(Object.entries(refs.flags).map(([k, list]) => [k, list.length])), dirs: refs.dirs.length },
    settledness: perFlag && { perFlag, afterMs: project.stale.settledAfterMs },
  });
  return { now: now.toISOString(), flags, checked: repo.flags.size, ...(refs ? { refs } : {}), ...(store ? { store } : {}) };
}

/** Each environment's stable releases over time, oldest first, and its candidate now. */
export async function readTimelines(store: ObjectStore, environments: readonly string[]): Promise<EnvTimeline[]> {
  return Promise.all(
    environments.map(async (env) => {
      const history = await readHistory(store, env); // newest first
      return { env, stables: stableSpans([...history].reverse()), candidate: history[0]?.candidate ?? null };
    }),
  );
}

/**
 * What each (version, env) named by the timelines serves, by flag. A release, or an environment of it, that is
 * missing from the store serves nothing known, so no flag counts as settled through it; one that does not
 * verify is a broken store.
 */
async function readServed(store: ObjectStore, timelines: readonly EnvTimeline[]): Promise<Map<string, Record<string, string>>> {
  const wanted = new Map<string, Set<string>>();
  for (const t of timelines) {
    for (const v of [...t.stables.map((s) => s.version), ...(t.candidate ? [t.candidate] : [])]) wanted.set(v, (wanted.get(v) ?? new Set()).add(t.env));
  }
  const out = new Map<string, Record<string, string>>();
  await Promise.all(
    [...wanted].map(async ([version, envs]) => {
      const manifests = new Map<string, VerifiedManifest>();
      for (const env of envs) {
        try {
          const release = await fetchEnvRelease(store, env, version, { keys: [], manifests });
          out.set(`${version}\0${env}`, servedFingerprints(JSON.parse(release.envBytes.toString("utf8")) as JsonValue));
        } catch (e) {
          if (!(e instanceof VerificationError)) throw e;
          if (e.code === "E_NO_SUCH_RELEASE") return;
          if (e.code !== "E_NO_SUCH_ENV") throw new StoreError(e.message, e.hint ?? "the release was changed after publishing; republish it", "E_STORE_CORRUPT");
        }
      }
    }),
  );
  return out;
}
