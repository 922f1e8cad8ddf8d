// Checks a parsed env file (releases/<v>/envs/<env>.json) before an evaluator is built from it. The SDK
// verifies sha256 and signature first; this guards against a file of another format version or a bug,
// because evaluation relies on every index and reference in the IR being in range.
import type { CondIR, EnvModel, FlagIR } from "./ir.js";
import { IR_FORMAT } from "./ir.js";

export type LoadResult = { ok: true; model: EnvModel } | { ok: false; error: string };

const ATTR_TYPES = new Set(["string", "number", "boolean", "semver", "time", "enum"]);
const FLAG_TYPES = new Set(["boolean", "string", "number", "json"]);
const OPS: Record<string, string> = {
  eq: "value", in: "values", notIn: "values", startsWith: "value", endsWith: "value", contains: "value", glob: "value",
  regex: "value", lt: "value", lte: "value", gt: "value", gte: "value", semver: "range", before: "time", after: "time", exists: "value",
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates the shape of an EnvModel (from JSON.parse); never throws. */
export function loadEnvModel(value: unknown): LoadResult {
  try {
    const err = check(value);
    return err === undefined ? { ok: true, model: value as EnvModel } : { ok: false, error: err };
  } catch (e) {
    return { ok: false, error: `unreadable env model: ${String(e)}` };
  }
}

function check(m: unknown): string | undefined {
  if (!isObj(m)) return "not an object";
  if (m.format !== IR_FORMAT) return `format ${JSON.stringify(m.format)} is not supported (expected ${IR_FORMAT})`;
  if (typeof m.env !== "string") return "env is not a string";
  if (!isObj(m.attributes) || !isObj(m.segments) || !isObj(m.flags)) return "attributes, segments or flags missing";
  if (m.targetingKey !== undefined && typeof m.targetingKey !== "string") return "targetingKey is not a string";
  for (const [name, a] of Object.entries(m.attributes)) {
    if (!isObj(a) || !ATTR_TYPES.has(a.type as string) || typeof a.static !== "boolean") return `attribute ${name}: bad declaration`;
  }
  for (const [name, c] of Object.entries(m.segments)) {
    const e = cond(c);
    if (e) return `segment ${name}: ${e}`;
  }
  for (const [key, f] of Object.entries(m.flags)) {
    const e = flag(f);
    if (e) return `flag ${key}: ${e}`;
    if ((f as FlagIR).key !== key) return `flag ${key}: key mismatch`;
  }
  return undefined;
}

function flag(f: unknown): string | undefined {
  if (!isObj(f) || typeof f.key !== "string" || typeof f.salt !== "string" || !FLAG_TYPES.has(f.type as string)) return "bad header";
  if (!Array.isArray(f.variations) || f.variations.length === 0) return "no variations";
  for (const v of f.variations) if (!isObj(v) || typeof v.name !== "string" || !("value" in v)) return "bad variation";
  if (f.meta !== undefined && (!isObj(f.meta) || Object.values(f.meta).some((x) => typeof x !== "string"))) return "bad meta";
  const n = f.variations.length;
  const idx = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n;
  if (!idx(f.default)) return "default out of range";
  const c = f.config;
  if (c === undefined) return undefined;
  if (!isObj(c)) return "bad config";
  if (c.kind === "static") return idx(c.serve) ? undefined : "serve out of range";
  if (c.kind !== "rules" || !Array.isArray(c.rules)) return "bad config";
  for (const r of c.rules) {
    if (!isObj(r) || !Number.isInteger(r.index) || (r.name !== undefined && typeof r.name !== "string")) return "bad rule";
    const e = cond(r.if) ?? serve(r.serve, idx);
    if (e) return `rule ${r.index}: ${e}`;
  }
  return serve(c.fallthrough, idx);
}

function serve(s: unknown, idx: (i: unknown) => boolean): string | undefined {
  if (!isObj(s)) return "bad serve";
  if (s.kind === "value") return idx(s.variation) ? undefined : "variation out of range";
  if (s.kind !== "rollout" || typeof s.by !== "string" || typeof s.salt !== "string" || !Array.isArray(s.weights)) return "bad serve";
  for (const w of s.weights as unknown[]) {
    if (!isObj(w) || !idx(w.variation) || !Number.isInteger(w.weight)) return "bad weight";
  }
  return undefined;
}

function cond(c: unknown, depth = 0): string | undefined {
  if (depth > 200) return "condition nested too deep";
  if (!isObj(c)) return "bad condition";
  const k = c as CondIR;
  switch (k.kind) {
    case "all":
    case "any":
      if (!Array.isArray(k.of)) return "bad condition";
      for (const x of k.of) {
        const e = cond(x, depth + 1);
        if (e) return e;
      }
      return undefined;
    case "not":
      return cond(k.of, depth + 1);
    case "segment":
      return Array.isArray(k.names) && k.names.every((n) => typeof n === "string") ? undefined : "bad segment list";
    case "flag":
      return typeof k.key === "string" && "value" in k ? undefined : "bad prerequisite";
    case "attr": {
      const field = OPS[k.op];
      if (typeof k.attr !== "string" || field === undefined || !(field in k)) return `bad attribute test ${JSON.stringify(k.op)}`;
      if (field === "values" && !Array.isArray((k as { values?: unknown }).values)) return "bad in-list";
      return undefined;
    }
    default:
      return `unknown condition kind ${JSON.stringify((c as { kind?: unknown }).kind)}`;
  }
}
