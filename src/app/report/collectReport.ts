// Use case: everything the captain's report shows, as data. The working tree (what each env serves, rules,
// golden-test shares, owners, expiry), git (each flag's change history), the store (each env's release timeline
// and fleet), code dirs (references) and the hygiene checks (stale reasons). Returns data; never prints.
import type { EnvModel } from "../../core/compile/ir.js";
import { hostRows, type HostRow } from "../../core/fleet/drift.js";
import type { StaleReason } from "../../core/hygiene/index.js";
import type { Repo } from "../../core/model.js";
import { comparisonEnvs, flagRows, type FlagRow } from "../../core/report/flagMatrix.js";
import { candidateRuns, timelineEvents, type CandidateRun, type TimelineEvent } from "../../core/report/timeline.js";
import { runGoldenTests } from "../../core/golden/index.js";
import type { PopulationOutcome } from "../../core/golden/result.js";
import { FlagctlError } from "../../errors.js";
import type { RepoSide } from "../diff/loadRepoModels.js";
import { readHistory } from "../../store/history.js";
import { readHostReports } from "../../store/hosts.js";
import type { Pointer } from "../../core/release/pointer.js";
import type { ObjectStore } from "../../store/store.js";
import type { CodeDir, CodeRef } from "../refs.js";
import { findStaleFlags } from "../stale.js";
import { flagHistory, type FlagChange } from "./flagHistory.js";

export interface ReportOptions {
  root: string;
  /** The working tree, read and loaded (lint off: an expired flag is what the report is for). */
  work: { side: RepoSide; repo: Repo; models: Record<string, EnvModel> };
  now: Date;
  codeDirs?: readonly CodeDir[];
  /** How many commits of git history to turn into per-flag changes. */
  historyLimit: number;
  /** Where the HEAD commit stands, for the page header. */
  commit?: string | null;
}

export interface ReportPorts {
  store?: ObjectStore;
}

export interface ShareRow {
  env: string;
  test: string;
  size: number;
  tolerance: number;
  status: string;
  shares: { variation: string; expected: number | null; actual: number }[];
}

export interface FlagReport extends FlagRow {
  stale: { reasons: StaleReason[]; detail: string } | null;
  refs: CodeRef[] | null;
  shares: ShareRow[];
  history: FlagChange[];
}

export interface EnvReport {
  env: string;
  inPipeline: boolean;
  pointer: Pointer | null;
  events: TimelineEvent[];
  runs: CandidateRun[];
  hosts: HostRow[] | null;
  /** Why the store could not be read for this env. */
  error?: string;
}

export interface ReportData {
  project: string;
  environments: string[];
  pipeline: string[];
  comparedWith: Record<string, string | null>;
  generatedAt: string;
  commit: string | null;
  store: string | null;
  codeDirs: string[];
  flags: FlagReport[];
  envs: EnvReport[];
  history: { commits: number; truncated: boolean; skipped: { commit: string; why: string }[] };
  notes: string[];
}

export async function collectReport(o: ReportOptions, ports: ReportPorts = {}): Promise<ReportData> {
  const { repo, models } = o.work;
  const project = repo.project;
  const notes: string[] = [];
  const rows = flagRows(repo.flags.values(), models, project);

  const [stale, history, envs] = await Promise.all([
    findStaleFlags({ repo, root: o.root, now: o.now, codeDirs: o.codeDirs }, { store: ports.store }).catch((e: unknown) => {
      if (!(e instanceof FlagctlError)) throw e;
      notes.push(`stale reasons are incomplete: ${e.message}`);
      return findStaleFlags({ repo, root: o.root, now: o.now, codeDirs: o.codeDirs });
    }),
    flagHistory(o.root, project.environments, {
      limit: o.historyLimit,
      now: o.now.getTime(),
      work: o.work.side,
      schemaFiles: [...repo.flags.values()].flatMap((f) => (f.schema?.path ? [f.schema.path] : [])),
    }),
    ports.store ? Promise.all(project.environments.map((env) => envReport(ports.store!, env, project.pipeline.includes(env), o.now))) : Promise.resolve([]),
  ]);
  const staleBy = new Map(stale.flags.map((f) => [f.key, f]));
  const shares = populationShares(repo, o.now);
  const flags: FlagReport[] = rows.map((r) => {
    const s = staleBy.get(r.key);
    return {
      ...r,
      stale: s ? { reasons: s.reasons, detail: s.detail } : null,
      refs: stale.refs ? (stale.refs.flags[r.key] ?? []) : null,
      shares: shares.get(r.key) ?? [],
      history: history.byFlag.get(r.key) ?? [],
    };
  });
  return {
    project: project.name,
    environments: project.environments,
    pipeline: project.pipeline,
    comparedWith: comparisonEnvs(project),
    generatedAt: o.now.toISOString(),
    commit: o.commit ?? null,
    store: ports.store?.url ?? null,
    codeDirs: (o.codeDirs ?? []).map((d) => d.label),
    flags,
    envs,
    history: { commits: history.commits, truncated: history.truncated, skipped: history.skipped },
    notes,
  };
}

async function envReport(store: ObjectStore, env: string, inPipeline: boolean, now: Date): Promise<EnvReport> {
  try {
    const history = [...(await readHistory(store, env))].reverse();
    const pointer = history.at(-1) ?? null;
    const reports = await readHostReports(store, env);
    return {
      env,
      inPipeline,
      pointer,
      events: timelineEvents(history, now),
      runs: candidateRuns(history, now),
      hosts: reports.length > 0 ? hostRows(pointer, reports, now) : null,
    };
  } catch (e) {
    if (!(e instanceof FlagctlError)) throw e;
    return { env, inPipeline, pointer: null, events: [], runs: [], hosts: null, error: e.message };
  }
}

/** Population golden tests, by flag: the shares each env's config gives a synthetic population. */
function populationShares(repo: Repo, now: Date): Map<string, ShareRow[]> {
  const out = new Map<string, ShareRow[]>();
  if (!repo.tests.some((t) => t.kind === "population")) return out;
  const populationOnly: Repo = { ...repo, tests: repo.tests.filter((t) => t.kind === "population") };
  for (const r of runGoldenTests(populationOnly, { now: () => now.getTime() })) {
    if (r.kind !== "population") continue;
    const p = r as PopulationOutcome;
    const list = out.get(p.flag) ?? [];
    list.push({
      env: p.env,
      test: p.name,
      size: p.size,
      tolerance: p.tolerance,
      status: p.status,
      shares: p.shares.map((s) => ({ variation: s.variation, expected: s.expected, actual: s.actual })),
    });
    out.set(p.flag, list);
  }
  return out;
}
