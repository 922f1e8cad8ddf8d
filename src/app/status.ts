// `flagctl status` as data: every environment's pointer, read at once, with what is due next, and how the
// hosts that report (agents with --report) compare with it.
import { checkEnv } from "./loadProject.js";
import type { Project } from "../core/model.js";
import type { Pointer } from "../core/release/pointer.js";
import { upstreamEnv } from "../core/release/planner.js";
import { blockedIf, envStatus, type EnvStatus } from "../core/release/status.js";
import { fleetDrift, type FleetDrift } from "../core/fleet/drift.js";
import { readHostReports } from "../store/hosts.js";
import { readPointer } from "../store/pointer.js";
import { listReleases } from "../store/releases.js";
import type { ObjectStore } from "../store/store.js";
import { checkStoredReleases, type VerifyCache } from "./checkStored.js";
import { missingHistory } from "../store/history.js";
import type { KeyObject } from "node:crypto";

export interface StatusInput {
  store: ObjectStore;
  project: Pick<Project, "name" | "environments" | "pipeline" | "rollout">;
  /** Only this environment. */
  env?: string;
  now: Date;
  bakeOverride: (env: string) => number | undefined;
  /** Also find out whether the store is empty (one more listing, so only when it will be shown). */
  checkEmpty?: boolean;
  /** Checks the shown releases' signatures too. */
  verifyKey?: KeyObject | null;
  /** Remembers the ETags of releases that verified, so an unchanged one is re-checked without its bytes. */
  verifyCache: VerifyCache;
}

export interface EnvStatusChecked extends EnvStatus {
  /** Shown releases (stable, candidate) that no longer verify: changed or deleted in the store, or badly signed. */
  unverified: { version: string; code: string; message: string }[];
  /** History seqs missing from the store (deleted or lost). */
  missingHistory: number[];
}

export interface StatusReport {
  project: string;
  store: string;
  now: string;
  environments: (EnvStatusChecked & { hosts: FleetDrift })[];
  /** Host report files that could not be read ("<key>: <why>"); they were left out. */
  skippedReports: string[];
  /** No pointer and no release: a mistyped --store looks exactly like a store nobody has published to. */
  storeEmpty?: boolean;
}

export async function status(input: StatusInput): Promise<StatusReport> {
  const { store, project, env, now } = input;
  if (env !== undefined) checkEnv(project.environments, env);
  const shown = env ? [env] : project.environments;
  // The shown environments and the ones before them in the pipeline (what is due next): `status prod` must
  // not fail because dev's pointer is damaged.
  const needed = [...new Set(shown.flatMap((e) => [e, upstreamEnv(project, e)]).filter((e): e is string => e !== null))];
  const skippedReports: string[] = [];
  const [read, reports] = await Promise.all([
    Promise.allSettled(needed.map((e) => readPointer(store, e))),
    Promise.all(shown.map((e) => readHostReports(store, e, (key, why) => skippedReports.push(`${key}: ${why}`)))),
  ]);
  // Read at once, failed in pipeline order: of two damaged pointers, the same one is named every run.
  const pointers = new Map<string, Pointer | null>();
  for (const [i, r] of read.entries()) {
    if (r.status === "rejected") throw r.reason;
    pointers.set(needed[i], r.value.pointer);
  }
  // Every release shown is re-checked (unchanged ones cheaply, by ETag), and every history for gaps: a
  // release corrupted in the store, or a deleted history entry, is a finding, not a silent "all fine".
  const versions = shown.flatMap((e) => [pointers.get(e)?.stable, pointers.get(e)?.candidate]).filter((v): v is string => !!v);
  const [checks, gaps] = await Promise.all([
    checkStoredReleases(store, versions, input.verifyKey ?? null, input.verifyCache),
    Promise.all(shown.map(async (e) => [e, await missingHistory(store, e)] as const)),
  ]);
  await input.verifyCache.save();
  const missing = new Map(gaps);
  // A release shown that failed its check: listed per environment, and no next step moves to it.
  const failed = (v: string | null | undefined) => {
    const c = v ? checks.get(v) : undefined;
    return c && !c.ok ? c : undefined;
  };
  const environments = shown.map((e, i) => {
    const up = upstreamEnv(project, e);
    const pointer = pointers.get(e) ?? null;
    const unverified = [pointer?.stable, pointer?.candidate].flatMap((v) => {
      const c = failed(v);
      return c ? [{ version: c.version, code: c.code, message: c.message }] : [];
    });
    const row = envStatus(project, e, pointer, up ? (pointers.get(up) ?? null) : null, now, input.bakeOverride(e));
    return { ...row, next: blockedIf(row, (v) => failed(v)?.code), unverified, missingHistory: missing.get(e) ?? [], hosts: fleetDrift(pointer, reports[i], now) };
  });
  const storeEmpty = input.checkEmpty && [...pointers.values()].every((p) => p === null) && (await listReleases(store)).length === 0;
  return { project: project.name, store: store.url, now: now.toISOString(), environments, skippedReports, storeEmpty };
}

/** A release that no longer verifies, or a hole in a history, makes status exit 1. */
export function statusFindings(report: StatusReport): boolean {
  return report.environments.some((e) => e.unverified.length > 0 || e.missingHistory.length > 0);
}
