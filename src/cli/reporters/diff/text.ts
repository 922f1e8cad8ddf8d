import { Chalk } from "chalk";
import type { Change, DiffReport, FlagDiff } from "../../../core/diff/index.js";
import { capped } from "../escape.js";

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

/** Per environment: a header with the counts, then per flag one line per change. */
export function renderDiffText(r: DiffReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  const mark = (f: FlagDiff) => (f.status === "added" ? c.green("+") : f.status === "removed" ? c.red("-") : c.yellow("~"));
  const text = (ch: Change) => capped(ch.text, 1000);
  const line = (ch: Change) => (ch.kind === "rules-reordered" && ch.harmless ? c.dim(text(ch)) : ch.impact?.share !== undefined && ch.impact.share > 0 ? text(ch).replace(/ \u2014 (moves .*)$/, ` \u2014 ${c.bold("$1")}`) : text(ch));
  const same = r.envs.filter((e) => e.flags.length === 0);
  for (const e of r.envs) {
    if (e.flags.length === 0) continue;
    const s = e.summary;
    const counts = `${s.added} added, ${s.removed} removed, ${s.changed} changed`;
    out.push(`${c.bold(e.env)}: ${capped(e.from)} → ${capped(e.to)} — ${counts}`);
    for (const seg of e.segments) out.push(`  ${c.yellow("~")} ${capped(seg.text, 1000)}`);
    for (const f of e.flags) {
      if (f.changes.length === 1 && f.status !== "changed") {
        out.push(`  ${mark(f)} ${c.bold(f.key)}  ${text(f.changes[0])}`);
        continue;
      }
      out.push(`  ${mark(f)} ${c.bold(f.key)}`);
      for (const ch of f.changes) out.push(`      ${line(ch)}`);
      if (f.sample) out.push(c.dim(`      ${f.sample.changed} of ${f.sample.total} contexts change value`));
    }
    if (e.sample && e.flags.length > 0) out.push(c.dim(`  ${e.sample.changed} of ${e.sample.total} contexts from ${e.sample.source} see a different value`));
    out.push("");
  }
  if (same.length > 0) out.push(`${same.map((e) => c.bold(e.env)).join(", ")}: no differences (${capped(r.from)} → ${capped(r.to)})`, "");
  const b = r.breaking;
  if (b.found.length > 0) {
    const head = b.allowed ? c.yellow(`⚠ ${plural(b.found.length, "breaking change")} (allowed by --allow-breaking)`) : c.red(`✖ ${plural(b.found.length, "breaking change")}`);
    out.push(head);
    for (const x of b.found) out.push(`  ${capped(x.message, 1000)}`);
    if (!b.allowed) out.push(`  ${c.cyan("hint:")} keep the flag (or variation) until no deployed release serves it, or pass --allow-breaking`);
  } else if (b.status === "skipped") out.push(c.dim(b.detail));
  else out.push(c.dim(`no breaking changes (${b.detail})`));
  const refs = r.stillReferenced ?? [];
  if (refs.length > 0) {
    out.push(c.yellow(`⚠ ${plural(refs.length, "removed flag")} still referenced in code:`));
    for (const x of refs) out.push(`  ${x.key}: ${plural(x.count, "reference")} (${x.where.join(", ")}${x.count > x.where.length ? ", …" : ""})`);
    out.push(`  ${c.cyan("hint:")} remove the code paths first (flagctl refs lists them), or each one falls back to the value the code passes (FLAG_NOT_FOUND)`);
  }
  return out.join("\n") + "\n";
}
