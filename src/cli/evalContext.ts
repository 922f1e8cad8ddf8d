// Turning `--static k=v`, `--ctx k=v`, `--ctx-json` and JSONL context lines into the statics and context the
// engine takes, typed and checked against flagctl.yaml's declarations. Mistakes are usage errors that name
// the attribute, not ERROR results discovered later.
import semver from "semver";
import { attrValueFromText } from "../core/eval/index.js";
import { suggestion } from "../core/didYouMean.js";
import type { AttrDecl, Project } from "../core/model.js";
import { UsageError } from "../errors.js";

const declOf = (project: Project, name: string): AttrDecl | undefined => (Object.hasOwn(project.context, name) ? project.context[name] : undefined);

function undeclared(project: Project, name: string, where: string): UsageError {
  return new UsageError(
    `${where}: attribute \`${name}\` is not declared in flagctl.yaml${suggestion(name, Object.keys(project.context))}`,
    "use an attribute listed under `context:` in flagctl.yaml",
    "E_UNKNOWN_ATTRIBUTE",
  );
}

/** A `name=value` option value split at its first "="; `--<option> <example>` is the hint when it is not one. */
export function splitAttr(pair: string, option: string, example: string): [string, string] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new UsageError(`--${option} ${JSON.stringify(pair)} is not name=value`, `e.g. --${option} ${example}`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/** `k=v` texts into a record, each value typed by its declaration. `kind` says which option they came from. */
export function attrsFromText(project: Project, pairs: readonly string[], kind: "static" | "ctx"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [name, text] = splitAttr(pair, kind, kind === "static" ? "host=web-1" : "user=U024BE7LD");
    const decl = declOf(project, name);
    if (name === "env") throw new UsageError(`--${kind} env=…: the environment is given by --env`, "drop it and pass --env <name>");
    if (!decl) throw undeclared(project, name, `--${kind}`);
    checkPlacement(decl, `--${kind}`, kind === "static");
    const value = attrValueFromText(decl, text);
    const problem = typeProblem(decl, value);
    if (problem) throw new UsageError(`--${kind} ${name}=${text}: ${problem}`, `give ${name} a ${describe(decl)}`, "E_BAD_ATTRIBUTE");
    out[name] = value;
  }
  return out;
}

/** A JSON context (--ctx-json, a --contexts line): names must be declared request attributes; types are the engine's to judge. */
export function checkContextNames(project: Project, ctx: Record<string, unknown>, where: string): void {
  for (const name of Object.keys(ctx)) {
    const decl = declOf(project, name);
    if (name === "env") throw new UsageError(`${where}: \`env\` is not a request attribute`, "the environment is given by --env");
    if (!decl) throw undeclared(project, name, where);
    checkPlacement(decl, where, false);
  }
}

function checkPlacement(decl: AttrDecl, where: string, wantStatic: boolean): void {
  if (decl.static && !wantStatic) {
    throw new UsageError(`${where}: \`${decl.name}\` is a static attribute; the engine takes it from --static, not from the request`, `pass --static ${decl.name}=…`, "E_STATIC_ATTRIBUTE");
  }
  if (!decl.static && wantStatic) {
    throw new UsageError(`--static ${decl.name}: \`${decl.name}\` is not declared static, so the engine reads it from the request`, `pass --ctx ${decl.name}=… (or declare it \`static: true\` in flagctl.yaml)`, "E_NOT_STATIC");
  }
}

export function parseJsonContext(text: string, where: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where}: not valid JSON (${(err as Error).message})`, `a context is a JSON object such as {"user":"U1","country":"DE"}`, "E_BAD_CONTEXT");
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new UsageError(`${where}: a context must be a JSON object`, `e.g. {"user":"U1","country":"DE"}`, "E_BAD_CONTEXT");
  }
  return v as Record<string, unknown>;
}

function describe(d: AttrDecl): string {
  if (d.type === "enum") return `value among ${(d.values ?? []).join(", ")}`;
  if (d.type === "time") return "time (ISO 8601 or epoch milliseconds)";
  if (d.type === "semver") return "semver version such as 4.2.0";
  return d.type;
}

function typeProblem(d: AttrDecl, v: unknown): string | undefined {
  switch (d.type) {
    case "number":
      return typeof v === "number" ? undefined : "not a number";
    case "boolean":
      return typeof v === "boolean" ? undefined : "not true or false";
    case "enum":
      return typeof v === "string" && (d.values ?? []).includes(v) ? undefined : `not one of ${(d.values ?? []).join(", ")}`;
    case "time":
      return typeof v === "number" || !Number.isNaN(Date.parse(String(v))) ? undefined : "not an ISO 8601 time or epoch milliseconds";
    case "semver":
      return semver.valid(String(v)) ? undefined : "not a semver version";
    default:
      return undefined;
  }
}
