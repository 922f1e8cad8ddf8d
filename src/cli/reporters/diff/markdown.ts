import type { DiffReport, EnvDiff, FlagDiff } from "../../../core/diff/index.js";
import { markdownCode, markdownText } from "../escape.js";

/** The hidden first line a CI job looks for to update its sticky PR comment instead of adding another. */
export const DIFF_COMMENT_MARKER = "<!-- flagctl-diff -->";
/** Environments with more detail lines than this are collapsed. */
const COLLAPSE_AFTER = 12;

// Every piece of user text (rule names, values, revisions) is escaped: a newline in a rule name must not become a
// heading or a link in the sticky PR comment.
const esc = (s: string) => markdownText(s, 1000);

function affected(e: EnvDiff): string {
  if (!e.sample) return "—";
  return `${e.sample.changed} of ${e.sample.total} ${e.sample.source === "golden tests" ? "test contexts" : "sample contexts"}`;
}

function flagLines(f: FlagDiff): string[] {
  const badge = f.status === "added" ? "🆕 added" : f.status === "removed" ? "🗑️ removed" : "changed";
  const out = [`**\`${markdownCode(f.key)}\`** — ${badge}`];
  for (const c of f.changes) out.push(`- ${esc(c.text)}${c.kind === "rules-reordered" ? (c.harmless ? " ✅" : " ⚠️") : ""}`);
  if (f.sample) out.push(`- _${f.sample.changed} of ${f.sample.total} contexts change value_`);
  out.push("");
  return out;
}

/** A PR comment: summary table per environment, then details per flag, collapsed when long. */
export function renderDiffMarkdown(r: DiffReport): string {
  const out = [DIFF_COMMENT_MARKER, `### flagctl diff: \`${markdownCode(r.from)}\` → \`${markdownCode(r.to)}\``, ""];
  const changed = r.envs.filter((e) => e.flags.length > 0);
  if (changed.length === 0) out.push("No flag changes in any environment.", "");
  else {
    out.push("| environment | added | removed | changed | contexts affected |", "|---|---:|---:|---:|---|");
    for (const e of r.envs) out.push(`| ${esc(e.env)} | ${e.summary.added} | ${e.summary.removed} | ${e.summary.changed} | ${affected(e)} |`);
    out.push("");
  }
  const b = r.breaking;
  if (b.found.length > 0) {
    out.push(`> [!${b.allowed ? "WARNING" : "CAUTION"}]`, `> **${b.found.length} breaking change${b.found.length === 1 ? "" : "s"}**${b.allowed ? " (allowed by `--allow-breaking`)" : ""}`);
    for (const x of b.found) out.push(`> - ${esc(x.message)}`);
    out.push("");
  } else out.push(`_${esc(b.status === "done" ? `No breaking changes (${b.detail}).` : b.detail)}_`, "");
  const refs = r.stillReferenced ?? [];
  if (refs.length > 0) {
    out.push("> [!WARNING]", `> **${refs.length} removed flag${refs.length === 1 ? " is" : "s are"} still referenced in code** (code gets its own fallback value there once released)`);
    for (const x of refs) out.push(`> - \`${esc(x.key)}\`: ${x.count} reference${x.count === 1 ? "" : "s"} (${x.where.map((w) => `\`${esc(w)}\``).join(", ")}${x.count > x.where.length ? ", …" : ""})`);
    out.push("");
  }
  for (const e of changed) {
    const lines = [...(e.segments.length > 0 ? [...e.segments.map((x) => `- ${esc(x.text)}`), ""] : []), ...e.flags.flatMap(flagLines)];
    const title = `${esc(e.env)}: ${esc(e.from)} → ${esc(e.to)}`;
    if (lines.length > COLLAPSE_AFTER) {
      out.push(`<details><summary><b>${title}</b> — ${e.flags.length} flag${e.flags.length === 1 ? "" : "s"}</summary>`, "", ...lines, "</details>", "");
    } else out.push(`#### ${title}`, "", ...lines);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
