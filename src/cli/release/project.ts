// INTERIM: reads only what release commands need from flagctl.yaml (environments, pipeline, rollout, store).
// To be replaced by the loader's checkRepo/readRepo (branch `load`) once it lands on main.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import type { Project, RolloutPolicy } from "../../core/model.js";
import { parseDuration } from "../../core/release/duration.js";
import { ProjectError } from "../../errors.js";

export interface LoadedProject {
  root: string;
  project: Project;
}

export function loadProject(start: string): LoadedProject {
  let root = resolve(start);
  while (!existsSync(join(root, "flagctl.yaml"))) {
    const up = dirname(root);
    if (up === root) throw new ProjectError(`no flagctl.yaml found in ${resolve(start)} or above`, "run flagctl inside a config repo", "E_NO_PROJECT");
    root = up;
  }
  const file = "flagctl.yaml";
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(join(root, file), "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new ProjectError(`${file}: ${(e as Error).message}`);
  }
  const loc = { file, line: 1, column: 1 };
  const bad = (what: string) => new ProjectError(`${file}: ${what}`);
  if (!doc || typeof doc !== "object") throw bad("is not a mapping");
  const strings = (v: unknown, name: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw bad(`${name} must be a list of names`);
    return v as string[];
  };
  const environments = strings(doc.environments, "environments");
  const pipeline = strings(doc.pipeline, "pipeline");
  const rollout: Record<string, RolloutPolicy> = {};
  for (const [env, p] of Object.entries((doc.rollout ?? {}) as Record<string, { steps?: number[]; bake?: string | number }>)) {
    const bakeMs = p?.bake === undefined ? 0 : parseDuration(String(p.bake));
    if (!Array.isArray(p?.steps) || bakeMs === null) throw bad(`rollout.${env} needs steps: [...] and an optional bake: 15m`);
    rollout[env] = { steps: p.steps, bakeMs, loc };
  }
  return {
    root,
    project: {
      file,
      name: String(doc.project ?? ""),
      environments,
      pipeline,
      rollout,
      context: {},
      ...(typeof doc.store === "string" ? { store: doc.store } : {}),
      loc,
    },
  };
}
