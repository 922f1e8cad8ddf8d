// `flagctl hosts <env>` as data: every host that reports to an environment, what it runs, and what the pointer
// assigns it by its bucket.
import { checkEnv } from "./loadProject.js";
import { fleetDrift, hostRows, type FleetDrift, type HostRow } from "../core/fleet/drift.js";
import type { Project } from "../core/model.js";
import type { Pointer } from "../core/release/pointer.js";
import { readHostReports } from "../store/hosts.js";
import { readPointer } from "../store/pointer.js";
import type { ObjectStore } from "../store/store.js";

export interface HostsInput {
  store: ObjectStore;
  project: Pick<Project, "environments">;
  env: string;
  now: Date;
}

export interface HostsReport {
  env: string;
  store: string;
  now: string;
  pointer: Pick<Pointer, "seq" | "stable" | "candidate" | "percent" | "updatedAt"> | null;
  hosts: HostRow[];
  summary: FleetDrift;
  /** Host report files that could not be read ("<key>: <why>"); they were left out. */
  skippedReports: string[];
}

export async function hosts(input: HostsInput): Promise<HostsReport> {
  const { store, project, env, now } = input;
  checkEnv(project.environments, env);
  const skippedReports: string[] = [];
  const [{ pointer }, reports] = await Promise.all([
    readPointer(store, env),
    readHostReports(store, env, (key, why) => skippedReports.push(`${key}: ${why}`)),
  ]);
  return {
    env,
    store: store.url,
    now: now.toISOString(),
    pointer: pointer && { seq: pointer.seq, stable: pointer.stable, candidate: pointer.candidate, percent: pointer.percent, updatedAt: pointer.updatedAt },
    hosts: hostRows(pointer, reports, now),
    summary: fleetDrift(pointer, reports, now),
    skippedReports,
  };
}
