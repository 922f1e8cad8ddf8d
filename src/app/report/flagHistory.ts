// Each flag's change history from git: for the newest commits that touched the config repo, the semantic diff
// between the commit and its parent (the same differ and wording as `flagctl diff`), as one line per flag.
// Sides are loaded as a pair, so a commit that changed three flag files parses three flags on each side.
import { diffEnv } from "../../core/diff/index.js";
import type { FlagDiff } from "../../core/diff/model.js";
import { FlagctlError } from "../../errors.js";
import { RepoLoader, type RepoSide } from "../diff/loadRepoModels.js";
import { configCommits, type ConfigCommit } from "../../git/configLog.js";
import { readTreeAt } from "../../git/readTreeAt.js";
import { classifyPaths } from "../../core/repo/classify.js";

export interface FlagChange {
  commit: string;
  author: string;
  date: string;
  subject: string;
  /** One line: what changed, with the environments when not all of them. */
  change: string;
}

export interface FlagHistory {
  /** Flag key -> changes, newest first. */
  byFlag: Map<string, FlagChange[]>;
  /** Commits read, and those whose config did not load (skipped, with why). */
  commits: number;
  skipped: { commit: string; why: string }[];
  /** True when older commits exist beyond the limit. */
  truncated: boolean;
}

export interface FlagHistoryOptions {
  limit: number;
  now: number;
  /** The working tree's files: blobs git holds unchanged are taken from here. */
  work: RepoSide;
  /** Files outside flags/ and segments/ that flags name as `schema:`: read at each revision too. */
  schemaFiles: readonly string[];
}

export async function flagHistory(root: string, environments: readonly string[], options: FlagHistoryOptions): Promise<FlagHistory> {
  if (options.limit === 0) return { byFlag: new Map(), commits: 0, skipped: [], truncated: false };
  const schemas = new Set(options.schemaFiles);
  // Only what a flag's served config depends on: tests, docs and the code beside them change nothing here.
  const include = (path: string) => path === "flagctl.yaml" || path.startsWith("flags/") || path.startsWith("segments/") || schemas.has(path);
  const commits = await configCommits(root, options.limit + 1, ["flagctl.yaml", "flags", "segments", ...schemas]);
  const truncated = commits.length > options.limit;
  const shown = commits.slice(0, options.limit);
  const loader = new RepoLoader(new Date(options.now).toISOString().slice(0, 10));
  const sides = new Map<string, Promise<RepoSide>>();
  const side = (rev: string) => {
    let s = sides.get(rev);
    if (!s) sides.set(rev, (s = readTreeAt(root, rev, { include, reuse: options.work.files }).then((t) => ({ where: `${rev.slice(0, 10)}`, files: t.files }))));
    return s;
  };
  const byFlag = new Map<string, FlagChange[]>();
  const skipped: FlagHistory["skipped"] = [];
  for (const c of shown) {
    try {
      const after = await side(c.commit);
      if (!hasProject(after)) continue;
      const before = c.parent ? await side(c.parent) : null;
      const lines = before && hasProject(before) ? await changedBetween(loader, before, after, environments, options.now) : created(after);
      for (const [key, change] of lines) {
        let list = byFlag.get(key);
        if (!list) byFlag.set(key, (list = []));
        list.push(entry(c, change));
      }
    } catch (e) {
      if (!(e instanceof FlagctlError)) throw e;
      skipped.push({ commit: c.commit, why: e.message });
    }
    sides.delete(c.commit); // walking back, a commit is needed once more only as the next one's parent
  }
  return { byFlag, commits: shown.length, skipped, truncated };
}

const hasProject = (s: RepoSide) => s.files.some((f) => f.path === "flagctl.yaml");

const entry = (c: ConfigCommit, change: string): FlagChange => ({ commit: c.commit, author: c.author, date: c.date, subject: c.subject, change });

/** The config's first commit: every flag file in it is a flag created (nothing to parse). */
function created(side: RepoSide): Map<string, string> {
  return new Map(classifyPaths(side.files.map((f) => f.path)).flags.map((f) => [f.key, "created"]));
}

async function changedBetween(loader: RepoLoader, a: RepoSide, b: RepoSide, environments: readonly string[], now: number): Promise<Map<string, string>> {
  const [la, lb] = await loader.pair(a, b);
  const perFlag = new Map<string, { texts: Map<string, string[]>; envs: number }>();
  for (const env of environments) {
    const d = diffEnv(env, { label: a.where, model: la.models[env] }, { label: b.where, model: lb.models[env] }, { now });
    for (const f of d.flags) {
      let p = perFlag.get(f.key);
      if (!p) perFlag.set(f.key, (p = { texts: new Map(), envs: 0 }));
      p.envs++;
      for (const text of texts(f)) {
        const envs = p.texts.get(text) ?? [];
        envs.push(env);
        p.texts.set(text, envs);
      }
    }
  }
  const out = new Map<string, string>();
  for (const [key, p] of perFlag) {
    const all = [...p.texts].map(([text, envs]) => (envs.length === p.envs && environments.length === p.envs ? text : `${envs.join(", ")}: ${text}`));
    out.set(key, all.length > 3 ? `${all.slice(0, 3).join("; ")}; +${all.length - 3} more` : all.join("; "));
  }
  return out;
}

function texts(f: FlagDiff): string[] {
  if (f.status === "added") return ["added"];
  if (f.status === "removed") return ["removed"];
  return f.changes.map((c) => c.text);
}
