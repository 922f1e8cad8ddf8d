import type { Condition, Project, Serve } from "../model.js";

/**
 * A location-free text for a condition, equal for conditions that differ only in the order of AND/OR
 * operands or of `in` lists, so "same condition" survives reformatting.
 */
export function canonical(c: Condition): string {
  switch (c.kind) {
    case "all":
    case "any": {
      if (c.of.length === 1) return canonical(c.of[0]);
      return `${c.kind}(${c.of.map(canonical).sort().join(",")})`;
    }
    case "not":
      return `not(${canonical(c.of)})`;
    case "segment":
      return `segment(${[...c.names].sort().join(",")})`;
    case "flag":
      return `flag(${JSON.stringify(c.key)}=${JSON.stringify(c.value)})`;
    case "attr": {
      const t = c.test;
      const operand = "values" in t ? [...t.values].map((v) => JSON.stringify(v)).sort().join(",") : JSON.stringify("value" in t ? t.value : "range" in t ? t.range : t.time);
      return `${JSON.stringify(c.attr)}.${t.op}(${operand})`;
    }
  }
}

export const canonicalServe = (s: Serve): string =>
  s.kind === "value" ? `value(${JSON.stringify(s.value)})` : `rollout(${JSON.stringify([s.weights.map((w) => [w.variation, w.weight]), s.by, s.salt ?? null])})`;

/**
 * True when the condition holds for every context: `{}`, `now: { exists: true }`, `env` in every environment.
 * Inside a flag's environment `env` is known, so `env: prod` is always true in prod's rules.
 */
export function alwaysTrue(c: Condition, project: Project, env?: string): boolean {
  switch (c.kind) {
    case "all":
      return c.of.every((x) => alwaysTrue(x, project, env));
    case "any":
      return c.of.some((x) => alwaysTrue(x, project, env));
    case "not":
      return alwaysFalse(c.of, project, env);
    case "attr": {
      const t = c.test;
      if (t.op === "notIn") return t.values.length === 0 || (c.attr === "env" && env !== undefined && !t.values.includes(env));
      if (t.op === "exists") return t.value && (c.attr === "env" || c.attr === "now");
      if (c.attr === "env" && env !== undefined && (t.op === "eq" || t.op === "in")) return t.op === "eq" ? t.value === env : t.values.includes(env);
      if (t.op === "in" && c.attr === "env") return project.environments.every((e) => t.values.includes(e));
      return false;
    }
    default:
      return false;
  }
}

export function alwaysFalse(c: Condition, project: Project, env?: string): boolean {
  switch (c.kind) {
    case "all":
      return c.of.some((x) => alwaysFalse(x, project, env));
    case "any":
      return c.of.every((x) => alwaysFalse(x, project, env));
    case "not":
      return alwaysTrue(c.of, project, env);
    case "attr": {
      const t = c.test;
      if (t.op === "in") return t.values.length === 0 || (c.attr === "env" && env !== undefined && !t.values.includes(env));
      if (t.op === "notIn") return c.attr === "env" && env !== undefined && t.values.includes(env);
      if (t.op === "eq") return c.attr === "env" && env !== undefined && t.value !== env;
      if (t.op === "exists") return !t.value && (c.attr === "env" || c.attr === "now");
      return false;
    }
    default:
      return false;
  }
}
