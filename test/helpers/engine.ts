import { compileEnv, specialise, type SpecialiseOptions } from "../../src/core/index.js";
import { type FlagSpec, project, repo } from "./model.js";

export const context = {
  user: "string",
  team: "string",
  country: "string",
  email: "string",
  plan: { enum: ["free", "pro", "enterprise"] },
  appVersion: "semver",
  age: "number",
  beta: "boolean",
  signup: "time",
  host: { type: "string", static: true },
  region: { type: "string", static: true },
} as const;

/** An evaluator for env `prod` of a repo made of `flags` and `segments`. */
export function engine(
  flags: Record<string, FlagSpec>,
  opts: { segments?: Record<string, unknown>; statics?: Record<string, unknown>; env?: string } & SpecialiseOptions = {},
) {
  const r = repo(project(context as never), flags, opts.segments ?? {});
  const model = compileEnv(r, opts.env ?? "prod");
  return specialise(model, opts.statics ?? {}, { now: opts.now, version: opts.version });
}

/** A flag serving true in prod when `cond` holds, else false. */
export function when(cond: unknown): FlagSpec {
  return { default: false, environments: { prod: { rules: [{ name: "r", if: cond, serve: true }], serve: false } } };
}
