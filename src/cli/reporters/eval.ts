// `flagctl eval` output: a table of key, value and reason for people, a stable JSON document for tools, and
// the engine's explain steps rendered as an indented story.
import { Chalk } from "chalk";
import type { CondTrace, EvalResult, Explanation, ExplainStep } from "../../core/eval/index.js";
import type { FlagType, JsonValue } from "../../core/model.js";
import { reasonText } from "../../core/golden/index.js";

export interface EvalOutput {
  env: string;
  statics: Record<string, unknown>;
  context: Record<string, unknown>;
  results: EvalResult[];
  explanations?: Explanation[];
  types: Map<string, FlagType>;
}

/** The per-flag record of JSON output and of --contexts lines. */
export function resultRecord(r: EvalResult): { value: JsonValue; variation: string | null; reason: EvalResult["reason"] } {
  return { value: r.value, variation: r.variation ?? null, reason: r.reason };
}

/** The --format json document. */
export function evalDocument(o: EvalOutput): Record<string, unknown> {
  const results: Record<string, ReturnType<typeof resultRecord>> = {};
  for (const r of o.results) results[r.key] = resultRecord(r);
  const doc: Record<string, unknown> = { env: o.env, static: o.statics, context: o.context, results };
  if (o.explanations) {
    const explain: Record<string, ExplainStep[]> = {};
    for (const e of o.explanations) explain[e.result.key] = e.steps;
    doc.explain = explain;
  }
  return doc;
}

const shown = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function valueText(r: EvalResult, type: FlagType | undefined): string {
  const v = shown(r.value);
  return type === "json" && r.variation ? `${r.variation} ${v}` : v;
}

export function renderEvalText(o: EvalOutput, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  if (!o.explanations) {
    const rows = o.results.map((r) => [r.key, valueText(r, o.types.get(r.key)), reasonText(r.reason)]);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.min(40, Math.max(...rows.map((r) => r[1].length)));
    return rows.map(([k, v, why]) => `${c.bold(k.padEnd(w0))}  ${v.padEnd(w1)}  ${c.dim(why)}`).join("\n") + "\n";
  }
  const out: string[] = [];
  for (const e of o.explanations) {
    const r = e.result;
    out.push(`${c.bold(r.key)} in ${o.env}: ${valueText(r, o.types.get(r.key))}  ${c.dim(`(${reasonText(r.reason)})`)}`);
    for (const s of e.steps) out.push(...stepLines(s, c));
    out.push("");
  }
  return out.join("\n");
}

const pct = (thousandths: number) => `${thousandths / 1000}%`;

function stepLines(s: ExplainStep, c: InstanceType<typeof Chalk>): string[] {
  switch (s.kind) {
    case "no-config":
      return [`  no config for ${s.env}: the default is served`];
    case "static-value":
      return [`  ${s.variation} for everyone (a bare value)`];
    case "rule": {
      const name = s.name ? ` ${JSON.stringify(s.name)}` : "";
      const verdict = s.matched ? c.green("matched") : s.condition.result === "error" ? c.red("error") : c.red("no match");
      const when = s.static ? c.dim(" (decided at load from static attributes)") : "";
      return [`  rule ${s.index}${name}: ${verdict}${when}`, ...traceLines(s.condition, 4, c)];
    }
    case "fallthrough":
      return ["  no rule matched: fallthrough"];
    case "split": {
      const lines = [`  split by ${s.by} = ${JSON.stringify(s.unit)} (salt ${JSON.stringify(s.salt)}): bucket ${s.bucket} of 100000`];
      for (const r of s.ranges) {
        const hit = r.variation === s.served.variation && r.from === s.served.from;
        const text = `    ${r.variation}: buckets [${r.from}, ${r.to}) = ${pct(r.to - r.from)}`;
        lines.push(hit ? c.green(`${text}  <- bucket ${s.bucket} is here`) : text);
      }
      return lines;
    }
    case "serve":
      return [`  serves ${s.variation}${s.variation === shown(s.value) ? "" : ` = ${shown(s.value)}`}`];
    case "error":
      return [c.red(`  error ${s.code}: ${s.message}; the default is served`)];
  }
}

function traceLines(t: CondTrace, indent: number, c: InstanceType<typeof Chalk>): string[] {
  const mark = t.result === true ? c.green("✓") : t.result === false ? c.red("✗") : t.result === "error" ? c.red("!") : c.dim("-");
  const notes: string[] = [];
  if (t.missing) notes.push("attribute missing");
  else if (t.value !== undefined) notes.push(`got ${JSON.stringify(t.value)}`);
  if (t.static) notes.push("decided at load");
  if (t.result === "skipped") notes.push("not needed");
  if (t.error) notes.push(`${t.error.code}: ${t.error.message}`);
  const line = `${" ".repeat(indent)}${mark} ${t.text}${notes.length ? c.dim(`  (${notes.join("; ")})`) : ""}`;
  return [line, ...(t.children ?? []).flatMap((ch) => traceLines(ch, indent + 2, c))];
}
