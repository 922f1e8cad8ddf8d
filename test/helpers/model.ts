// Builds repo models from plain objects written like the YAML files (SPEC §1-2), for engine tests that do
// not go through the parser.
import { type AttrDecl, type AttrTest, type Condition, type EnvConfig, type Flag, type FlagType, type JsonValue, type Loc, type Project, type Repo, type Rule, type Segment, type Serve, DEFAULT_MAX_FILE_SIZE, DEFAULT_SETTLED_AFTER_MS } from "../../src/core/index.js";

const loc: Loc = { file: "test.yaml", line: 1, column: 1 };

type AttrSpec = string | { type?: string; enum?: string[]; static?: boolean };

export interface FlagSpec {
  type?: FlagType;
  default?: JsonValue;
  variations?: JsonValue[] | Record<string, JsonValue>;
  salt?: string;
  environments?: Record<string, unknown>;
}

export function project(context: Record<string, AttrSpec>, environments = ["dev", "qa", "prod"]): Project {
  const ctx: Record<string, AttrDecl> = { env: { name: "env", type: "string", static: true, loc } };
  for (const [name, spec] of Object.entries(context)) {
    if (typeof spec === "string") ctx[name] = { name, type: spec as AttrDecl["type"], static: false, loc };
    else if (spec.enum) ctx[name] = { name, type: "enum", values: spec.enum, static: spec.static ?? false, loc };
    else ctx[name] = { name, type: (spec.type ?? "string") as AttrDecl["type"], static: spec.static ?? false, loc };
  }
  return { file: "flagctl.yaml", name: "test", environments, pipeline: [], rollout: {}, context: ctx, code: [], refs: { aliases: [], ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE }, stale: { settledAfterMs: DEFAULT_SETTLED_AFTER_MS }, loc };
}

export function repo(p: Project, flags: Record<string, FlagSpec>, segments: Record<string, unknown> = {}): Repo {
  const fm = new Map<string, Flag>();
  for (const key of Object.keys(flags).sort()) fm.set(key, flag(key, flags[key]));
  const sm = new Map<string, Segment>();
  for (const name of Object.keys(segments).sort()) {
    sm.set(name, { name, file: `segments/${name}.yaml`, if: cond(segments[name]), loc });
  }
  return { project: p, flags: fm, segments: sm, tests: [] };
}

export function flag(key: string, spec: FlagSpec): Flag {
  const type = spec.type ?? "boolean";
  const environments: Record<string, EnvConfig> = {};
  for (const [env, cfg] of Object.entries(spec.environments ?? {})) environments[env] = envConfig(cfg);
  const f: Flag = {
    key,
    file: `flags/${key.replace(/\./g, "/")}.yaml`,
    loc,
    type,
    default: spec.default ?? false,
    checks: [],
    environments,
    locs: {},
  };
  if (spec.salt !== undefined) f.salt = spec.salt;
  if (Array.isArray(spec.variations)) f.variations = spec.variations.map((v) => ({ name: String(v), value: v }));
  else if (spec.variations) f.variations = Object.entries(spec.variations).map(([name, value]) => ({ name, value }));
  return f;
}

function envConfig(cfg: unknown): EnvConfig {
  if (typeof cfg === "object" && cfg !== null && !Array.isArray(cfg) && ("rules" in cfg || "serve" in cfg)) {
    const c = cfg as { rules?: { name?: string; if: unknown; serve: unknown }[]; serve: unknown };
    const rules: Rule[] = (c.rules ?? []).map((r, index) => {
      const rule: Rule = { index, if: cond(r.if), serve: serve(r.serve), loc };
      if (r.name !== undefined) rule.name = r.name;
      return rule;
    });
    return { kind: "rules", rules, fallthrough: serve(c.serve), loc };
  }
  return { kind: "static", serve: { kind: "value", value: cfg as JsonValue, loc }, loc };
}

export function serve(s: unknown): Serve {
  if (typeof s === "object" && s !== null && !Array.isArray(s) && "rollout" in s) {
    const r = s as { rollout: Record<string, number>; by?: string; salt?: string };
    const out: Serve = {
      kind: "rollout",
      weights: Object.entries(r.rollout).map(([variation, weight]) => ({ variation, weight, loc })),
      by: r.by ?? "user",
      loc,
    };
    if (r.salt !== undefined) out.salt = r.salt;
    return out;
  }
  return { kind: "value", value: s as JsonValue, loc };
}

export function cond(c: unknown): Condition {
  const entries = Object.entries(c as Record<string, unknown>);
  const parts = entries.map(([k, v]) => entry(k, v));
  return parts.length === 1 ? parts[0] : { kind: "all", of: parts, loc };
}

function entry(k: string, v: unknown): Condition {
  switch (k) {
    case "any":
    case "all":
      return { kind: k, of: (v as unknown[]).map(cond), loc };
    case "not":
      return { kind: "not", of: cond(v), loc };
    case "segment":
      return { kind: "segment", names: Array.isArray(v) ? (v as string[]) : [v as string], loc };
    case "flag": {
      const parts: Condition[] = Object.entries(v as Record<string, JsonValue>).map(([key, value]) => ({
        kind: "flag",
        key,
        value,
        loc,
      }));
      return parts.length === 1 ? parts[0] : { kind: "all", of: parts, loc };
    }
  }
  if (typeof v !== "object" || v === null) return { kind: "attr", attr: k, test: { op: "eq", value: v as string }, loc };
  const tests = Object.entries(v as Record<string, unknown>).map(([op, arg]): Condition => {
    let test: AttrTest;
    if (op === "in" || op === "notIn") test = { op, values: arg as string[] };
    else if (op === "semver") test = { op, range: arg as string };
    else if (op === "before" || op === "after") test = { op, time: arg as string };
    else test = { op, value: arg } as AttrTest;
    return { kind: "attr", attr: k, test, loc };
  });
  return tests.length === 1 ? tests[0] : { kind: "all", of: tests, loc };
}
