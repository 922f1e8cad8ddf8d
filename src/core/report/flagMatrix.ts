// The flag matrix of the report: for every flag and environment, what that environment serves in one short
// cell ("true", "3 rules → 25% rollout"), whether it differs from the environment it is compared with, and the
// rules written out in the words `flagctl diff` uses. Pure.
import type { EnvModel, FlagIR, ServeIR } from "../compile/ir.js";
import { readableCondition } from "../compile/conditionText.js";
import { formatWeight } from "../diff/impact.js";
import { serveText, variationText } from "../diff/serveText.js";
import type { Flag, Project } from "../model.js";

export interface MatrixCell {
  /** "none": the env has no config and serves the default; "static": one value to everyone. */
  kind: "none" | "static" | "rules";
  text: string;
  /** Equal identities serve the same value to the same units. */
  identity: string;
  /** The env this cell is compared with, and whether it serves differently. */
  comparedWith: string | null;
  differs: boolean;
}

export interface RulesText {
  env: string;
  /** Each rule as "if <condition> serve <serve>", with its name when it has one. */
  rules: { name?: string; text: string }[];
  /** What everyone else gets: the fallthrough, the bare value, or the default. */
  otherwise: string;
}

export interface FlagRow {
  key: string;
  /** The flag file's directory under flags/ ("checkout" for flags/checkout/new-flow.yaml); "" at the top. */
  area: string;
  owner: string | null;
  kind: string | null;
  type: string;
  description: string | null;
  expires: string | null;
  file: string;
  defaultText: string;
  cells: Record<string, MatrixCell>;
  rules: RulesText[];
}

/**
 * The env each column is compared with: a pipeline env with the pipeline env before it (what was promoted to
 * it), any other env with the column to its left.
 */
export function comparisonEnvs(project: Pick<Project, "environments" | "pipeline">): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  project.environments.forEach((env, i) => {
    const p = project.pipeline.indexOf(env);
    out[env] = p > 0 ? project.pipeline[p - 1] : i > 0 ? project.environments[i - 1] : null;
  });
  return out;
}

export function flagRows(flags: Iterable<Flag>, models: Record<string, EnvModel>, project: Pick<Project, "environments" | "pipeline">): FlagRow[] {
  const against = comparisonEnvs(project);
  const rows: FlagRow[] = [];
  for (const flag of flags) {
    const cells: Record<string, MatrixCell> = {};
    const rules: RulesText[] = [];
    for (const env of project.environments) {
      const ir = models[env]?.flags[flag.key];
      cells[env] = ir ? cell(ir) : { kind: "none", text: "—", identity: "", comparedWith: null, differs: false };
      if (ir) rules.push(rulesText(env, ir));
    }
    for (const env of project.environments) {
      const other = against[env];
      cells[env].comparedWith = other;
      cells[env].differs = other !== null && cells[other].identity !== cells[env].identity;
    }
    const anyIr = project.environments.map((e) => models[e]?.flags[flag.key]).find((f) => f !== undefined);
    rows.push({
      key: flag.key,
      area: areaOf(flag.file),
      owner: flag.owner ?? null,
      kind: flag.kind ?? null,
      type: flag.type,
      description: flag.description ?? null,
      expires: flag.expires ?? null,
      file: flag.file,
      defaultText: anyIr ? variationText(anyIr, anyIr.default) : JSON.stringify(flag.default),
      cells,
      rules,
    });
  }
  return rows;
}

export function areaOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? parts.slice(1, -1).join("/") : "";
}

function cell(f: FlagIR): MatrixCell {
  // One compiler wrote every env's IR, so equal configs stringify equally (no key sorting needed).
  const identity = JSON.stringify(resolved(f));
  const base = { identity, comparedWith: null, differs: false };
  const c = f.config;
  if (!c) return { ...base, kind: "none", text: `default ${variationText(f, f.default)}` };
  if (c.kind === "static") return { ...base, kind: "static", text: variationText(f, c.serve) };
  const n = c.rules.length;
  const rules = n === 0 ? "" : `${n} rule${n === 1 ? "" : "s"} → `;
  return { ...base, kind: "rules", text: `${rules}${shortServe(f, c.fallthrough)}` };
}

/** A serve in a few characters: a value, "25% rollout" for a boolean split, else the split's weights. */
function shortServe(f: FlagIR, s: ServeIR): string {
  if (s.kind === "value") return variationText(f, s.variation);
  if (f.type === "boolean") {
    const on = s.weights.filter((w) => f.variations[w.variation]?.value === true).reduce((a, w) => a + w.weight, 0);
    return `${formatWeight(on)} rollout`;
  }
  return `rollout ${s.weights.map((w) => `${variationText(f, w.variation)} ${formatWeight(w.weight)}`).join(" / ")}`;
}

/** The config with variation indexes replaced by values: two envs (or sides) compare by what they serve. */
function resolved(f: FlagIR): unknown {
  const v = (i: number) => f.variations[i]?.value ?? null;
  const serve = (s: ServeIR) => (s.kind === "value" ? { value: v(s.variation) } : { by: s.by, salt: s.salt, weights: s.weights.map((w) => [v(w.variation), w.weight]) });
  const c = f.config;
  if (!c) return { default: v(f.default) };
  if (c.kind === "static") return { value: v(c.serve) };
  return { rules: c.rules.map((r) => ({ if: r.if, serve: serve(r.serve) })), fallthrough: serve(c.fallthrough), default: v(f.default) };
}

export function rulesText(env: string, f: FlagIR): RulesText {
  const c = f.config;
  if (!c) return { env, rules: [], otherwise: `no config: everyone gets the default ${variationText(f, f.default)}` };
  if (c.kind === "static") return { env, rules: [], otherwise: `everyone gets ${variationText(f, c.serve)}` };
  return {
    env,
    rules: c.rules.map((r) => ({ ...(r.name !== undefined ? { name: r.name } : {}), text: `if ${readableCondition(r.if)} serve ${serveText(f, r.serve)}` })),
    otherwise: `${c.rules.length === 0 ? "everyone" : "everyone else"} gets ${serveText(f, c.fallthrough)}`,
  };
}
