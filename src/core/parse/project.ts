import { DEFAULT_MAX_FILE_SIZE, DEFAULT_SETTLED_AFTER_MS, type AliasStyle, type AttrDecl, type AttrType, type Gate, type Project, type RolloutPolicy } from "../model.js";
import type { YamlDoc } from "../yaml/doc.js";
import { parseDuration } from "../release/duration.js";
import { Reader, isMap } from "./reader.js";
import type { ParseResult } from "./result.js";

const ALIAS_STYLES = new Set<string>(["camelCase", "snake_case", "UPPER_SNAKE"]);
const ATTR_TYPES = new Set<AttrType>(["string", "number", "boolean", "semver", "time", "enum"]);
/** Attributes every context has; declaring them is an error. */
export const BUILTIN_ATTRS = ["env", "now"] as const;

export function parseProject(doc: YamlDoc): ParseResult<Project> {
  const r = new Reader(doc);
  const root = r.map(doc.value, []);
  if (!root) return { diagnostics: r.diagnostics };

  const environments = stringList(r, root.environments, ["environments"]);
  const project: Project = {
    file: doc.file,
    name: r.str(root.project, ["project"]) ?? "",
    environments,
    pipeline: stringList(r, root.pipeline, ["pipeline"]),
    rollout: {},
    context: {
      env: { name: "env", type: "enum", values: environments, static: true, loc: r.loc(["environments"]) },
      now: { name: "now", type: "time", static: false, loc: r.loc([]) },
    },
    store: r.str(root.store, ["store"]),
    code: stringList(r, root.code, ["code"]),
    refs: { aliases: [], ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE },
    stale: { settledAfterMs: DEFAULT_SETTLED_AFTER_MS },
    targetingKey: r.str(r.map(root.runtime, ["runtime"])?.targetingKey, ["runtime", "targetingKey"]),
    loc: r.loc([]),
    locs: {},
  };
  const refs = r.map(root.refs, ["refs"]);
  if (refs) {
    project.refs.aliases = stringList(r, refs.aliases, ["refs", "aliases"]).filter((a): a is AliasStyle => ALIAS_STYLES.has(a));
    project.refs.ignore = stringList(r, refs.ignore, ["refs", "ignore"]);
    if (typeof refs.maxFileSize === "number") project.refs.maxFileSize = refs.maxFileSize;
  }
  const stale = r.map(root.stale, ["stale"]);
  if (stale?.settledAfter !== undefined) {
    const text = r.str(stale.settledAfter, ["stale", "settledAfter"]);
    const ms = text === undefined ? null : parseDuration(text);
    if (ms === null) {
      r.error("PARSE002", ["stale", "settledAfter"], `settledAfter ${JSON.stringify(stale.settledAfter)} is not a duration`, 'write e.g. "30d" or "12h"');
    } else project.stale.settledAfterMs = ms;
  }
  for (const key of ["environments", "pipeline", "code"]) {
    if (Array.isArray(root[key])) (root[key] as unknown[]).forEach((_, i) => (project.locs![`${key}.${i}`] = r.loc([key, i])));
  }

  if (project.targetingKey !== undefined) project.locs!["runtime.targetingKey"] = r.loc(["runtime", "targetingKey"]);

  for (const [env, raw] of Object.entries(r.map(root.rollout, ["rollout"]) ?? {})) {
    const policy = parseRollout(r, raw, ["rollout", env]);
    if (policy) project.rollout[env] = policy;
  }

  if (root.gates !== undefined) {
    project.gates = {};
    for (const [env, raw] of Object.entries(r.map(root.gates, ["gates"]) ?? {})) {
      const list = r.list(raw, ["gates", env]) ?? [];
      project.gates[env] = list.flatMap((g, i) => parseGate(r, g, ["gates", env, i]) ?? []);
    }
  }

  for (const [name, raw] of Object.entries(r.map(root.context, ["context"]) ?? {})) {
    const path = ["context", name];
    if ((BUILTIN_ATTRS as readonly string[]).includes(name)) {
      r.error("PARSE003", path, `\`${name}\` is a built-in attribute and cannot be declared`, `remove \`${name}\` from context`);
      continue;
    }
    const decl = parseAttr(r, name, raw, path);
    if (decl) project.context[name] = decl;
  }
  return { value: project, diagnostics: r.diagnostics };
}

function stringList(r: Reader, raw: unknown, path: (string | number)[]): string[] {
  const list = r.list(raw, path) ?? [];
  return list.flatMap((v, i) => r.str(v, [...path, i]) ?? []);
}

function parseRollout(r: Reader, raw: unknown, path: string[]): RolloutPolicy | undefined {
  const m = r.map(raw, path);
  if (!m) return undefined;
  const steps = (r.list(m.steps, [...path, "steps"]) ?? []).filter((s): s is number => typeof s === "number");
  let bakeMs = 0;
  if (m.bake !== undefined) {
    const text = typeof m.bake === "number" ? String(m.bake) : r.str(m.bake, [...path, "bake"]);
    const ms = text === undefined ? null : parseDuration(text);
    if (ms === null) {
      r.error("PARSE002", [...path, "bake"], `bake time ${JSON.stringify(m.bake)} is not a duration`, 'write e.g. "15m", "1h30m" or "90s"');
    } else bakeMs = ms;
  }
  return { steps, bakeMs, loc: r.loc(path) };
}

function parseGate(r: Reader, raw: unknown, path: (string | number)[]): Gate | undefined {
  const m = r.map(raw, path);
  if (!m) return undefined;
  const loc = r.loc(path);
  let timeoutMs: number | undefined;
  if (m.timeout !== undefined) {
    const text = r.str(m.timeout, [...path, "timeout"]);
    const ms = text === undefined ? null : parseDuration(text);
    if (ms === null || ms === 0) r.error("PARSE002", [...path, "timeout"], `gate timeout ${JSON.stringify(m.timeout)} is not a duration`, 'write e.g. "30s" or "2m"');
    else timeoutMs = ms;
  }
  const run = m.run !== undefined ? r.str(m.run, [...path, "run"]) : undefined;
  const url = m.url !== undefined ? r.str(m.url, [...path, "url"]) : undefined;
  if (run !== undefined && url === undefined) return { kind: "run", run, timeoutMs, loc };
  if (url !== undefined && run === undefined) return { kind: "url", url, timeoutMs, loc };
  r.unexpected(path, "a gate: { run: <command> } or { url: <http(s) URL> }");
  return undefined;
}

function parseAttr(r: Reader, name: string, raw: unknown, path: string[]): AttrDecl | undefined {
  const loc = r.loc(path, "key");
  if (typeof raw === "string") {
    if (!ATTR_TYPES.has(raw as AttrType) || raw === "enum") return void r.unexpected(path, "an attribute type");
    return { name, type: raw as AttrType, static: false, loc };
  }
  if (!isMap(raw)) return void r.unexpected(path, "an attribute type or mapping");
  const isStatic = raw.static === true;
  const values = raw.enum ?? raw.values;
  if (values !== undefined) {
    const list = (r.list(values, [...path, raw.enum !== undefined ? "enum" : "values"]) ?? []).map(String);
    return { name, type: "enum", values: list, static: isStatic, loc };
  }
  const type = (raw.type ?? "string") as AttrType;
  if (!ATTR_TYPES.has(type) || type === "enum") return void r.unexpected([...path, "type"], "an attribute type");
  return { name, type, static: isStatic, loc };
}
