import { parse as parseYaml } from "yaml";
import type { Check, EnvConfig, Flag, FlagType, FlagKind, JsonValue, Project, Rule, Variation } from "../model.js";
import type { YamlDoc } from "../yaml/doc.js";
import { parseCondition } from "./condition.js";
import { Reader, isMap } from "./reader.js";
import type { ParseResult } from "./result.js";
import { parseServe } from "./serve.js";

/** Files a flag may reference by path (json-flag `schema:`), keyed by repo-relative path. */
export type RepoFiles = ReadonlyMap<string, Uint8Array>;

const LOCATED_KEYS = ["description", "owner", "kind", "expires", "type", "default", "variations", "schema", "salt", "checks"];

export function parseFlag(doc: YamlDoc, key: string, _project: Project | undefined, files: RepoFiles): ParseResult<Flag> {
  const r = new Reader(doc);
  const root = r.map(doc.value, []);
  if (!root) return { diagnostics: r.diagnostics };
  const type = (root.type ?? "boolean") as FlagType;

  const variations = parseVariations(r, type, root.variations);
  const locs: Record<string, ReturnType<Reader["loc"]>> = {};
  for (const k of LOCATED_KEYS) if (k in root) locs[k] = r.loc([k], "key");

  const flag: Flag = {
    key,
    file: doc.file,
    loc: r.loc([]),
    description: r.str(root.description, ["description"]),
    owner: r.str(root.owner, ["owner"]),
    kind: r.str(root.kind, ["kind"]) as FlagKind | undefined,
    expires: r.str(root.expires, ["expires"]),
    type,
    ...resolveDefault(type, root.default, variations),
    variations,
    checks: parseChecks(r, root.checks),
    salt: r.str(root.salt, ["salt"]),
    environments: {},
    locs,
  };
  if (root.schema !== undefined) flag.schema = parseSchemaRef(r, root.schema, files);

  for (const [env, raw] of Object.entries(r.map(root.environments, ["environments"]) ?? {})) {
    locs[`environments.${env}`] = r.loc(["environments", env], "key");
    const config = parseEnvConfig(r, raw, ["environments", env]);
    if (config) flag.environments[env] = config;
  }
  for (const k of Object.keys(flag) as (keyof Flag)[]) if (flag[k] === undefined) delete flag[k];
  return { value: flag, diagnostics: r.diagnostics };
}

function parseVariations(r: Reader, type: FlagType, raw: unknown): Variation[] | undefined {
  if (raw === undefined) return undefined;
  if (type === "json") {
    return Object.entries(r.map(raw, ["variations"]) ?? {}).map(([name, value]) => ({ name, value: value as JsonValue, loc: r.loc(["variations", name], "key") }));
  }
  return (r.list(raw, ["variations"]) ?? []).map((value, i) => ({ name: String(value), value: value as JsonValue, loc: r.loc(["variations", i]) }));
}

/** json flags may write the default as a variation name; everything else is the value itself. */
function resolveDefault(type: FlagType, raw: unknown, variations: Variation[] | undefined) {
  const value = (raw ?? null) as JsonValue;
  if (type === "json" && typeof raw === "string") {
    const named = variations?.find((v) => v.name === raw);
    if (named) return { default: named.value, defaultVariation: named.name };
  }
  return { default: value, ...(type === "json" ? {} : { defaultVariation: String(value) }) };
}

function parseEnvConfig(r: Reader, raw: unknown, path: (string | number)[]): EnvConfig | undefined {
  const loc = r.loc(path);
  if (!isMap(raw) || !("rules" in raw || "serve" in raw)) {
    const serve = parseServe(r, raw, path);
    if (!serve) return undefined;
    if (serve.kind === "rollout") return { kind: "rules", rules: [], fallthrough: serve, loc };
    return { kind: "static", serve, loc };
  }
  const rules: Rule[] = [];
  (r.list(raw.rules, [...path, "rules"]) ?? []).forEach((rawRule, index) => {
    const p = [...path, "rules", index];
    const m = r.map(rawRule, p);
    if (!m) return;
    const cond = parseCondition(r, m.if ?? {}, m.if === undefined ? p : [...p, "if"]);
    const serve = parseServe(r, m.serve, [...p, "serve"]);
    if (!cond || !serve) return;
    const name = r.str(m.name, [...p, "name"]);
    rules.push({ index, ...(name !== undefined ? { name } : {}), if: cond, serve, loc: r.loc(p) });
  });
  const fallthrough = parseServe(r, raw.serve, [...path, "serve"]);
  if (!fallthrough) return undefined;
  return { kind: "rules", rules, fallthrough, loc };
}

function parseChecks(r: Reader, raw: unknown): Check[] {
  return (r.list(raw, ["checks"]) ?? []).flatMap((c, i) => {
    const m = r.map(c, ["checks", i]);
    const pointer = m && r.str(m["url-exists"], ["checks", i, "url-exists"]);
    return pointer === undefined || pointer === null ? [] : [{ kind: "url-exists" as const, pointer, loc: r.loc(["checks", i]) }];
  });
}

function parseSchemaRef(r: Reader, raw: unknown, files: RepoFiles): Flag["schema"] {
  const loc = r.loc(["schema"]);
  if (typeof raw !== "string") return { schema: raw as JsonValue, loc };
  const path = raw.replace(/^\.\//, "");
  const bytes = files.get(path);
  if (!bytes) {
    r.error("PARSE004", ["schema"], `schema file ${raw} not found`, "give a path relative to the repo root, e.g. config-schemas/banner.schema.json");
    return undefined;
  }
  try {
    return { schema: parseYaml(new TextDecoder().decode(bytes)) as JsonValue, path, loc };
  } catch (err) {
    r.error("PARSE005", ["schema"], `schema file ${raw} is not valid JSON or YAML: ${(err as Error).message.split("\n")[0]}`, "fix the schema file");
    return undefined;
  }
}
