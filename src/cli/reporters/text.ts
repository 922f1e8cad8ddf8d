import { Chalk } from "chalk";
import type { Diagnostic } from "../../core/diagnostic.js";
import { planSummary } from "../../core/codeowners.js";
import type { CodeownersReport } from "../../app/codeowners.js";
import { renderDiffText } from "./diff/text.js";
import { renderEvalText } from "./eval.js";
import type { DiagnosticsReport, Reporter } from "./index.js";
import { changeText, describeState, missingHistoryWarning, plural, renderLogEntry, renderStatus } from "./release.js";
import { capped, excerpt, visible } from "./escape.js";
import { hostsText, statusHostsText } from "./hosts.js";
import { testText } from "./testResults.js";
import { refsText, staleText } from "./hygiene.js";

/** For people at a terminal; colour only when `color`. */
export const text = {
  diagnostics: diagnosticsText,
  tests: testText,
  eval: renderEvalText,
  diff: renderDiffText,
  build: (r) => `${r.dir}\n`,
  publish: (r) =>
    r.repaired.length > 0
      ? `${r.version} was already in ${r.store} but damaged: restored ${r.repaired.join(", ")} from the build; verified\n`
      : r.uploaded.length === 0
        ? `${r.version} is already in ${r.store} (identical bytes); nothing uploaded\n`
        : `published ${r.version} to ${r.store}: ${r.uploaded.length} file(s) uploaded${r.unchanged.length ? `, ${r.unchanged.length} already there` : ""}; verified\n`,
  move: changeText,
  status: (r) =>
    `${r.project || "project"} @ ${r.store}\n${renderStatus(r.environments)}` +
    r.environments
      .flatMap((e) => [
        ...e.unverified.map((u) => `! ${e.env}: ${u.version} does not verify (${u.code}): ${u.message}\n`),
        ...(e.missingHistory.length > 0 ? [`${missingHistoryWarning(e.env, e.missingHistory, r.store)}\n`] : []),
      ])
      .join("") +
    statusHostsText(r) +
    (r.storeEmpty ? `\nthe store holds no releases: publish one with \`flagctl publish\`, or check --store if you expected some\n` : ""),
  log: (r) =>
    r.entries.length === 0
      ? `${r.env}: no history in ${r.store}\n`
      : (r.missing.length > 0 ? `${missingHistoryWarning(r.env, r.missing, r.store)}\n\n` : "") +
        r.entries
          .map(({ entry, before, previousMissing }) =>
            previousMissing
              ? `#${entry.seq}  ${capped(entry.updatedAt)}  ${capped(entry.by)}\n  ${r.env}: now ${describeState(entry)} (from: unknown, history #${entry.seq - 1} is missing)\n`
              : renderLogEntry(r.env, entry, before, r.notes),
          )
          .join("\n"),
  codeowners: codeownersText,
  init: (r) =>
    `Created a flagctl config repo in ${r.root}:\n${r.files.map((f) => `  ${f}`).join("\n")}` +
    `${r.gitignore.existed && r.gitignore.added.length ? `\n(added ${r.gitignore.added.join(" and ")} to your existing .gitignore)` : ""}\n\nNext: ${r.dir === "." ? "" : `cd ${r.dir} && `}flagctl validate\n` +
    (r.inGit ? "" : "Before `flagctl build`: git init && git add -A && git commit -m \"flags\" (a release is stamped with its commit)\n"),
  keygen: (r) =>
    `wrote ${r.privateKey} (private, keep secret; sign with: flagctl build --sign-key ${r.prefix}.key or FLAGCTL_SIGNING_KEY)\n` +
    `wrote ${r.publicKey} (public; verify with: --verify-key ${r.prefix}.pub or FLAGCTL_VERIFY_KEY)\n`,
  hosts: hostsText,
  refs: refsText,
  stale: staleText,
} satisfies Reporter;

export function codeownersText(r: CodeownersReport): string {
  const owned = plural(r.owned, "flag file");
  if (!r.check) return r.plan.changed ? `wrote ${r.file}: ${owned} owned (${planSummary(r.plan)})\n` : `${r.file} is already up to date\n`;
  if (!r.plan.changed) return `${r.file} is up to date (${owned} owned)\n`;
  const what = r.missing ? "does not exist" : `is out of date: ${planSummary(r.plan)}`;
  return [`${r.file} ${what}`, ...r.plan.added.map((l) => `  + ${l}`), ...r.plan.removed.map((l) => `  - ${l}`), "run `flagctl codeowners` and commit the file"].join("\n") + "\n";
}

/** Grouped by file: position, severity, code, message, the source line with a caret, and the hint. */
function diagnosticsText({ diagnostics, sources, subject }: DiagnosticsReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, diags] of byFile) {
    out.push(c.underline(visible(file)));
    const lines = sources.get(file)?.split(/\r?\n/);
    for (const d of diags) {
      const sev = d.severity === "error" ? c.red("error") : c.yellow("warning");
      out.push(`  ${visible(file)}:${d.line}:${d.column}  ${sev}  ${c.dim(d.code)}  ${capped(d.message, 1000)}`);
      // The offending line, escaped and cut to a window around the column: a file may be binary, hold
      // terminal escapes, or be one line of a megabyte.
      const src = lines?.[d.line - 1];
      if (src !== undefined && src.trim() !== "") {
        const gutter = String(d.line).padStart(5);
        const shown = excerpt(src, d.column);
        out.push(c.dim(`  ${gutter} | `) + shown.text);
        out.push(c.dim(`  ${" ".repeat(gutter.length)} | `) + " ".repeat(Math.max(0, shown.column - 1)) + (d.severity === "error" ? c.red("^") : c.yellow("^")));
      }
      if (d.hint) out.push(`        ${c.cyan("hint:")} ${capped(d.hint, 1000)}`);
    }
    out.push("");
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  const checked = subject ? ` (${subject})` : "";
  if (errors) out.push(c.red(`✖ ${counts}${checked}`));
  else if (warnings) out.push(c.yellow(`⚠ ${counts}${checked}`));
  else out.push(c.green(`✔ no problems${checked}`));
  return out.join("\n") + "\n";
}
