// `flagctl refs` and `flagctl stale` output in each --format. Reporters are the only code that uses chalk.
import { Chalk } from "chalk";
import { relative, sep } from "node:path";
import type { RefsResult, UnknownRef } from "../../app/refs.js";
import type { StaleResult } from "../../app/stale.js";
import type { StaleFlag } from "../../core/hygiene/index.js";
import { data, markdownCode, markdownText, prop } from "./escape.js";

/** What `refs` renders: the use case's result, and where paths are shown from (GitHub wants the workspace). */
export interface RefsReport {
  result: RefsResult;
  cwd: string;
}

/** What `stale` renders; `root` is the config repo (annotations point at flag files). */
export interface StaleReport {
  result: StaleResult;
  cwd: string;
  root: string;
}

type RefsRenderer = (r: RefsReport, color: boolean) => string;
type StaleRenderer = (r: StaleReport, color: boolean) => string;

export const UNKNOWN_KEY_CODE = "REFS001";
export const STALE_MARKER = "<!-- flagctl-stale -->";

const plural = (n: number, w: string) => `${n.toLocaleString("en-US")} ${w}${n === 1 ? "" : "s"}`;
const fromCwd = (cwd: string, abs: string) => relative(cwd, abs).split(sep).join("/") || ".";
const cell = (s: string) => markdownText(s, 1000);
const code = (s: string) => `\`${markdownCode(s, 1000)}\``;

export function unknownMessage(u: UnknownRef): string {
  return `"${u.key}" looks like a flag key but no flag has it${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ""}`;
}
const UNKNOWN_HINT = "fix the key, restore the flag, or list the literal under refs.ignore in flagctl.yaml";

function scannedLine(r: RefsResult): string {
  return r.dirs
    .map((d) => {
      const skipped = Object.entries(d.skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
      return `${d.label}: ${plural(d.files, "file")}${d.git ? " tracked by git" : ""}${skipped.length ? `, skipped ${skipped.join(", ")}` : ""}`;
    })
    .join("; ");
}

function summaryLine(r: RefsResult): string {
  const keys = Object.keys(r.flags).length;
  return `${plural(keys, "flag")}: ${keys - r.unreferenced.length} referenced, ${r.unreferenced.length} unreferenced; ${plural(r.unknown.length, "unknown key")} in code`;
}

export const refsText: RefsRenderer = ({ result: r }, color) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  for (const [key, refs] of Object.entries(r.flags)) {
    if (refs.length === 0) {
      out.push(`${c.bold(key)}  ${c.yellow("no references")}`);
      continue;
    }
    out.push(`${c.bold(key)}  ${plural(refs.length, "reference")}`);
    for (const ref of refs) out.push(`  ${ref.file}:${ref.line}:${ref.column}  ${c.dim(ref.text.trim())}${ref.alias ? c.dim(`  (as ${ref.alias})`) : ""}`);
  }
  if (r.unknown.length > 0) {
    out.push("", c.red(`${plural(r.unknown.length, "unknown key")} in code:`));
    for (const u of r.unknown) out.push(`  ${u.file}:${u.line}:${u.column}  ${c.red("error")}  ${c.dim(UNKNOWN_KEY_CODE)}  ${unknownMessage(u)}`, `      ${c.dim(u.text.trim())}`);
    out.push(`  ${c.cyan("hint:")} ${UNKNOWN_HINT}`);
  }
  out.push("", `${r.unknown.length ? c.red("✖") : c.green("✔")} ${summaryLine(r)}`, c.dim(`scanned ${scannedLine(r)}`));
  return out.join("\n") + "\n";
};

export const refsJson: RefsRenderer = ({ result: r }) => {
  const flags: Record<string, unknown[]> = {};
  for (const [key, refs] of Object.entries(r.flags)) {
    flags[key] = refs.map((x) => ({ file: x.file, line: x.line, column: x.column, text: x.text, ...(x.alias ? { alias: x.alias } : {}) }));
  }
  const unknown = r.unknown.map((u) => ({ key: u.key, file: u.file, line: u.line, column: u.column, text: u.text, suggestion: u.suggestion ?? null }));
  const dirs = r.dirs.map(({ label, git, files, bytes, skipped }) => ({ name: label, git, files, bytes, skipped }));
  return JSON.stringify({ flags, unreferenced: r.unreferenced, unknown, dirs }, null, 2) + "\n";
};

export const refsMarkdown: RefsRenderer = ({ result: r }) => {
  const out = [`**flagctl refs**: ${summaryLine(r)}`, ""];
  if (r.unknown.length > 0) {
    out.push("| where | unknown key | did you mean |", "|---|---|---|");
    for (const u of r.unknown) out.push(`| ${code(`${u.file}:${u.line}:${u.column}`)} | ${code(u.key)} | ${u.suggestion ? code(u.suggestion) : ""} |`);
    out.push("");
  }
  out.push("| flag | references | first seen at |", "|---|---:|---|");
  for (const [key, refs] of Object.entries(r.flags)) {
    const where = refs.slice(0, 3).map((x) => code(`${x.file}:${x.line}`)).join(", ") + (refs.length > 3 ? ", …" : "");
    out.push(`| ${code(key)} | ${refs.length} | ${refs.length ? where : "_unreferenced_"} |`);
  }
  out.push("", `_Scanned ${cell(scannedLine(r))}._`, "");
  return out.join("\n");
};

/** One notice per reference (so a code review shows where a flag is used), one error per unknown key. */
export const refsGithub: RefsRenderer = ({ result: r, cwd }) => {
  const out: string[] = [];
  for (const refs of Object.values(r.flags)) {
    for (const x of refs) out.push(`::notice file=${prop(fromCwd(cwd, x.path))},line=${x.line},col=${x.column},title=${prop(`flag ${x.key}`)}::${data(`flag ${x.key}${x.alias ? ` (as ${x.alias})` : ""}`)}`);
  }
  for (const u of r.unknown) out.push(`::error file=${prop(fromCwd(cwd, u.path))},line=${u.line},col=${u.column},title=${UNKNOWN_KEY_CODE}::${data(`${unknownMessage(u)}\nhint: ${UNKNOWN_HINT}`)}`);
  out.push(summaryLine(r));
  return out.join("\n") + "\n";
};


// ---------------------------------------------------------------- stale

function staleSummary(r: StaleResult): string {
  const sources = [r.refs ? `references in ${plural(r.refs.dirs.length, "code dir")}` : "no code dirs (unreferenced not checked)", r.store ? `history in ${r.store.url}` : "no store (settled not checked)"];
  return `${r.flags.length} of ${plural(r.checked, "flag")} stale as of ${r.now.slice(0, 10)} (${sources.join("; ")})`;
}

export const staleText: StaleRenderer = ({ result: r }, color) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  const w = Math.max(0, ...r.flags.map((f) => f.key.length));
  for (const f of r.flags) {
    out.push(`${c.bold(f.key.padEnd(w))}  ${c.yellow(f.reasons.join(", "))}  ${c.dim(f.owner ?? "(no owner)")}`, `${" ".repeat(w + 2)}${f.detail}`);
  }
  if (out.length) out.push("");
  out.push(`${r.flags.length ? c.yellow("⚠") : c.green("✔")} ${staleSummary(r)}`);
  return out.join("\n") + "\n";
};

export const staleJson: StaleRenderer = ({ result: r }) =>
  JSON.stringify(
    {
      now: r.now,
      flags: r.flags.map((f) => ({ key: f.key, owner: f.owner, reasons: f.reasons, detail: f.detail, kind: f.kind, file: f.file })),
      checked: r.checked,
    },
    null,
    2,
  ) + "\n";

/** A cleanup checklist grouped by owner, for a weekly issue; starts with a marker a job can find it by. */
export const staleMarkdown: StaleRenderer = ({ result: r }) => {
  const out = [STALE_MARKER, `### Stale flags: ${r.flags.length} of ${r.checked}`, "", `_${cell(staleSummary(r))}._`, ""];
  if (r.flags.length === 0) out.push("Nothing to clean up.", "");
  const byOwner = new Map<string, StaleFlag[]>();
  for (const f of r.flags) byOwner.set(f.owner ?? "(no owner)", [...(byOwner.get(f.owner ?? "(no owner)") ?? []), f]);
  for (const owner of [...byOwner.keys()].sort()) {
    const flags = byOwner.get(owner)!;
    out.push(`#### ${cell(owner)} (${flags.length})`, "");
    for (const f of flags) out.push(`- [ ] ${code(f.key)} — **${f.reasons.join(", ")}**: ${cell(f.detail)}`);
    out.push("");
  }
  out.push("To delete a flag: remove its uses in code, then its file under `flags/`; `flagctl refs` lists the uses.", "");
  return out.join("\n");
};

export const staleGithub: StaleRenderer = ({ result: r, cwd, root }) => {
  const out = r.flags.map((f) => {
    const file = fromCwd(cwd, `${root}${sep}${f.file.split("/").join(sep)}`);
    return `::warning file=${prop(file)},line=1,title=${prop(`stale flag ${f.key}`)}::${data(`${f.reasons.join(", ")}: ${f.detail}`)}`;
  });
  out.push(staleSummary(r));
  return out.join("\n") + "\n";
};
