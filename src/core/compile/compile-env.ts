// Repo model -> EnvModel (ir.ts). Works on validated input; on anything lint would reject it still returns a
// model (unknown variations become extra variations, bad weights 0) rather than throwing.
import type { AttrDecl, Condition, Flag, JsonValue, Repo, Serve } from "../model.js";
import { own, setOwn } from "../own.js";
import {
  type AttrDeclIR,
  type CondIR,
  type EnvModel,
  type FlagIR,
  type FlagMetaIR,
  IR_FORMAT,
  type ServeIR,
  type VariationIR,
} from "./ir.js";

export function compileRepo(repo: Repo): Record<string, EnvModel> {
  const out: Record<string, EnvModel> = {};
  for (const env of repo.project.environments) setOwn(out, env, compileEnv(repo, env));
  return out;
}

export function compileEnv(repo: Repo, env: string): EnvModel {
  const attrNames = new Set<string>(["env"]);
  const segmentNames = new Set<string>();
  const flags: Record<string, FlagIR> = {};
  const keys = [...repo.flags.keys()].sort();
  for (const key of keys) setOwn(flags, key, compileFlag(repo.flags.get(key)!, env, attrNames, segmentNames));

  const segments: Record<string, CondIR> = {};
  const pending = [...segmentNames];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (own(segments, name) !== undefined) continue;
    const seg = repo.segments.get(name);
    if (!seg) continue; // unknown segment: lint reports it; at runtime it matches nobody
    const before = new Set(segmentNames);
    setOwn(segments, name, compileCond(seg.if, attrNames, segmentNames));
    for (const s of segmentNames) if (!before.has(s)) pending.push(s);
  }

  const attributes: Record<string, AttrDeclIR> = {};
  for (const name of [...attrNames].sort()) {
    const decl = declOf(repo, name);
    if (decl) setOwn(attributes, name, decl);
  }
  const model: EnvModel = { format: IR_FORMAT, env, attributes, segments: sortedRecord(segments), flags };
  if (repo.project.targetingKey !== undefined) model.targetingKey = repo.project.targetingKey;
  return model;
}

function declOf(repo: Repo, name: string): AttrDeclIR | undefined {
  if (name === "env") return { type: "string", static: true };
  const d: AttrDecl | undefined = own(repo.project.context, name);
  if (d) {
    const out: AttrDeclIR = { type: d.type, static: name === "now" ? false : d.static };
    if (d.values) out.values = [...d.values];
    return out;
  }
  if (name === "now") return { type: "time", static: false };
  return undefined;
}

function compileFlag(flag: Flag, env: string, attrs: Set<string>, segs: Set<string>): FlagIR {
  const salt = flag.salt ?? flag.key;
  const vars = new Variations(flag);
  const def = vars.indexOfDefault(flag.default);
  const cfg = flag.environments[env];
  const out: FlagIR = { key: flag.key, type: flag.type, salt, variations: vars.list, default: def };
  const meta = metaOf(flag);
  if (meta) out.meta = meta;
  if (!cfg) return out;
  if (cfg.kind === "static") {
    out.config = { kind: "static", serve: vars.indexOfServed(cfg.serve.value) };
    return out;
  }
  const serve = (s: Serve): ServeIR => {
    if (s.kind === "value") return { kind: "value", variation: vars.indexOfServed(s.value) };
    attrs.add(s.by);
    return {
      kind: "rollout",
      by: s.by,
      salt: s.salt ?? salt,
      weights: s.weights.map((w) => ({
        variation: vars.indexOfWeighted(w.variation),
        weight: Number.isFinite(w.weight) ? Math.round(w.weight * 1000) : 0,
      })),
    };
  };
  out.config = {
    kind: "rules",
    rules: cfg.rules.map((r, i) => {
      const rule = { index: r.index ?? i, if: compileCond(r.if, attrs, segs), serve: serve(r.serve) };
      return r.name !== undefined ? { ...rule, name: r.name } : rule;
    }),
    fallthrough: serve(cfg.fallthrough),
  };
  return out;
}

function metaOf(flag: Flag): FlagMetaIR | undefined {
  const meta: FlagMetaIR = {};
  if (flag.owner !== undefined) meta.owner = flag.owner;
  if (flag.expires !== undefined) meta.expires = flag.expires;
  if (flag.kind !== undefined) meta.kind = flag.kind;
  if (flag.description !== undefined) meta.description = flag.description;
  return Object.keys(meta).length > 0 ? meta : undefined;
}

export function compileCond(c: Condition, attrs: Set<string>, segs: Set<string>): CondIR {
  switch (c.kind) {
    case "all":
    case "any":
      return { kind: c.kind, of: c.of.map((x) => compileCond(x, attrs, segs)) };
    case "not":
      return { kind: "not", of: compileCond(c.of, attrs, segs) };
    case "segment":
      for (const n of c.names) segs.add(n);
      return { kind: "segment", names: [...c.names] };
    case "flag":
      return { kind: "flag", key: c.key, value: c.value };
    case "attr": {
      attrs.add(c.attr);
      const { op } = c.test;
      const t = c.test as Record<string, unknown>;
      const base = { kind: "attr", attr: c.attr, op } as Record<string, unknown>;
      if ("values" in t) base.values = [...(t.values as unknown[])];
      if ("value" in t) base.value = t.value;
      if ("range" in t) base.range = t.range;
      if ("time" in t) base.time = t.time;
      return base as CondIR;
    }
  }
}

/** The flag's served values as an indexed list; served values are referenced by index. */
class Variations {
  readonly list: VariationIR[] = [];
  constructor(private readonly flag: Flag) {
    if (flag.type === "boolean") {
      this.list.push({ name: "true", value: true }, { name: "false", value: false });
    }
    for (const v of flag.variations ?? []) {
      const name = flag.type === "json" ? v.name : String(v.value);
      this.list.push({ name, value: v.value });
    }
  }

  indexOfDefault(value: JsonValue): number {
    const named = this.flag.defaultVariation;
    if (this.flag.type === "json" && named !== undefined) {
      const i = this.list.findIndex((v) => v.name === named);
      if (i >= 0) return i;
    }
    if (this.flag.type === "json" && typeof value === "string") {
      const i = this.list.findIndex((v) => v.name === value);
      if (i >= 0) return i;
    }
    return this.indexOfValue(value, this.flag.type === "json" ? "default" : String(value));
  }

  indexOfServed(value: JsonValue): number {
    if (this.flag.type === "json") {
      const i = this.list.findIndex((v) => v.name === value);
      if (i >= 0) return i;
    }
    return this.indexOfValue(value, typeof value === "string" ? value : JSON.stringify(value));
  }

  /** A weighted variation is written as text: "true", a number's text, a string or a json name. */
  indexOfWeighted(text: string): number {
    const byName = this.list.findIndex((v) => v.name === text);
    if (byName >= 0) return byName;
    if (this.flag.type === "number" && text.trim() !== "" && Number.isFinite(Number(text))) {
      return this.indexOfValue(Number(text), String(Number(text)));
    }
    if (this.flag.type === "boolean" && (text === "true" || text === "false")) return this.indexOfValue(text === "true", text);
    return this.add(text, text);
  }

  private indexOfValue(value: JsonValue, nameIfNew: string): number {
    const i = this.list.findIndex((v) => jsonEqual(v.value, value));
    return i >= 0 ? i : this.add(nameIfNew, value);
  }

  private add(name: string, value: JsonValue): number {
    let unique = name;
    for (let n = 2; this.list.some((v) => v.name === unique); n++) unique = `${name}#${n}`;
    this.list.push({ name: unique, value });
    return this.list.length - 1;
  }
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as any)[k], (b as any)[k]));
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) setOwn(out, k, r[k]);
  return out;
}
