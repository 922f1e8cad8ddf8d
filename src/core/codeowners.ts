// CODEOWNERS from flag owners: a team's flags need that team's review. Only a marked block of the file is
// generated, so hand-written lines (catch-alls, segments/, the workflows) live next to it untouched.
import { diag, type Diagnostic } from "./diagnostic.js";
import type { Repo } from "./model.js";

export const CODEOWNERS_PATH = ".github/CODEOWNERS";
export const BEGIN_MARKER = "# BEGIN flagctl generated";
export const END_MARKER = "# END flagctl generated";

export interface CodeownersOptions {
  /**
   * Where the config repo sits inside the git repo ("" at the root, else e.g. "config/"): CODEOWNERS
   * patterns are relative to the git root.
   */
  prefix?: string;
}

export interface CodeownersPlan {
  /** The whole file as it should be. */
  text: string;
  changed: boolean;
  /** Generated lines the existing block lacks, and lines of the existing block that are no longer generated. */
  added: string[];
  removed: string[];
  /** 1-based line of the BEGIN marker in the new text. */
  blockLine: number;
}

/** A CODEOWNERS file whose markers cannot be trusted: rewriting it could drop hand-written lines. */
export class CodeownersMarkerProblem {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}

/** The generated lines, one per flag file with an owner, sorted by path. */
export function codeownersLines(repo: Repo, options: CodeownersOptions = {}): string[] {
  const prefix = normalisePrefix(options.prefix);
  const lines: string[] = [];
  for (const flag of repo.flags.values()) {
    const owners = ownersOf(flag.owner);
    if (owners.length === 0) continue;
    lines.push(`${escapePattern(`/${prefix}${flag.file}`)} ${owners.join(" ")}`);
  }
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function codeownersBlock(repo: Repo, options: CodeownersOptions = {}): string[] {
  return [
    `${BEGIN_MARKER} - do not edit this block; run \`flagctl codeowners\` to update it.`,
    "# One line per flag file, from the flag's `owner:`. Lines below the block take precedence over it.",
    ...codeownersLines(repo, options),
    END_MARKER,
  ];
}

/**
 * The CODEOWNERS text for `repo` given the existing file (undefined when there is none). The generated block
 * replaces the existing one in place; a file without one gets it appended, after the user's lines, because
 * in CODEOWNERS the last matching line wins and a flag's own owner should beat a catch-all.
 */
export function planCodeowners(repo: Repo, existing: string | undefined, options: CodeownersOptions = {}): CodeownersPlan | CodeownersMarkerProblem {
  const block = codeownersBlock(repo, options);
  const eol = existing?.includes("\r\n") ? "\r\n" : "\n";
  if (existing === undefined || existing.trim() === "") {
    return { text: block.join("\n") + "\n", changed: true, added: generatedOnly(block), removed: [], blockLine: 1 };
  }
  const found = findBlock(existing);
  if (found instanceof CodeownersMarkerProblem) return found;
  const lines = splitLines(existing);
  if (!found) {
    const before = lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
    const head = [...before, ""];
    return { text: [...head, ...block].join(eol) + eol, changed: true, added: generatedOnly(block), removed: [], blockLine: head.length + 1 };
  }
  const old = lines.slice(found.begin, found.end + 1);
  const next = [...lines.slice(0, found.begin), ...block, ...lines.slice(found.end + 1)];
  const text = next.join(eol);
  const oldSet = new Set(generatedOnly(old));
  const newSet = new Set(generatedOnly(block));
  return {
    text,
    changed: text !== existing,
    added: [...newSet].filter((l) => !oldSet.has(l)),
    removed: [...oldSet].filter((l) => !newSet.has(l)),
    blockLine: found.begin + 1,
  };
}

/**
 * For `validate`: an out-of-date generated block is an error (OWN001), broken markers too (OWN002). A repo
 * without a CODEOWNERS file, or whose file has no generated block, has not opted in: no finding.
 */
export function codeownersFinding(repo: Repo, existingText: string | undefined, options: CodeownersOptions = {}): Diagnostic | undefined {
  if (existingText === undefined) return undefined;
  // Diagnostics name files relative to the config repo; CODEOWNERS lives at the git root.
  const depth = normalisePrefix(options.prefix).split("/").length - 1;
  const file = "../".repeat(depth) + CODEOWNERS_PATH;
  const plan = planCodeowners(repo, existingText, options);
  if (plan instanceof CodeownersMarkerProblem) {
    return diag("OWN002", "error", { file, line: plan.line, column: 1 }, plan.message, `keep exactly one "${BEGIN_MARKER}" line and one "${END_MARKER}" line after it`);
  }
  if (findBlock(existingText) === undefined || !plan.changed) return undefined;
  return diag("OWN001", "error", { file, line: plan.blockLine, column: 1 }, `CODEOWNERS is out of date: ${planSummary(plan)}`, "run `flagctl codeowners` and commit .github/CODEOWNERS");
}

/**
 * Flag files that did not load (YAML, schema or parse errors): their owners would silently drop out of the
 * file, so the command refuses while there are any. Lint findings (an expired flag) do not block it.
 */
export function unloadedFlagFiles(flagPaths: Iterable<string>, repo: Repo): string[] {
  const loaded = new Set([...repo.flags.values()].map((f) => f.file));
  return [...flagPaths].filter((p) => !loaded.has(p)).sort();
}

/** "2 lines to add, 1 to remove", or "formatting differs" when only the block's comments or order changed. */
export function planSummary(plan: Pick<CodeownersPlan, "added" | "removed">): string {
  const parts: string[] = [];
  if (plan.added.length) parts.push(`${plan.added.length} line${plan.added.length === 1 ? "" : "s"} to add`);
  if (plan.removed.length) parts.push(`${plan.removed.length} line${plan.removed.length === 1 ? "" : "s"} to remove`);
  return parts.length ? parts.join(", ") : "the generated block's text differs (order or comments)";
}

/** `owner:` may name several owners separated by spaces or commas: `@acme/payments, @jane`. */
function ownersOf(owner: string | undefined): string[] {
  if (!owner) return [];
  return owner.split(/[\s,]+/).filter((o) => o !== "");
}

function normalisePrefix(prefix: string | undefined): string {
  if (!prefix) return "";
  const p = prefix.replace(/\\/g, "/").replace(/^\/+/, "");
  return p === "" || p.endsWith("/") ? p : `${p}/`;
}

/** In CODEOWNERS a space ends the pattern and `#` starts a comment; both are escaped with a backslash. */
function escapePattern(path: string): string {
  return path.replace(/([\s#\\])/g, "\\$1");
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

const isGenerated = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");
const generatedOnly = (lines: string[]) => lines.filter(isGenerated);

function findBlock(text: string): { begin: number; end: number } | CodeownersMarkerProblem | undefined {
  const lines = splitLines(text);
  const begins = lines.flatMap((l, i) => (l.startsWith(BEGIN_MARKER) ? [i] : []));
  const ends = lines.flatMap((l, i) => (l.startsWith(END_MARKER) ? [i] : []));
  if (begins.length === 0 && ends.length === 0) return undefined;
  if (begins.length > 1) return new CodeownersMarkerProblem(`CODEOWNERS has ${begins.length} "${BEGIN_MARKER}" lines`, begins[1] + 1);
  if (ends.length > 1) return new CodeownersMarkerProblem(`CODEOWNERS has ${ends.length} "${END_MARKER}" lines`, ends[1] + 1);
  if (begins.length === 0) return new CodeownersMarkerProblem(`CODEOWNERS has "${END_MARKER}" without "${BEGIN_MARKER}"`, ends[0] + 1);
  if (ends.length === 0) return new CodeownersMarkerProblem(`CODEOWNERS has "${BEGIN_MARKER}" without "${END_MARKER}"`, begins[0] + 1);
  if (ends[0] < begins[0]) return new CodeownersMarkerProblem(`CODEOWNERS has "${END_MARKER}" before "${BEGIN_MARKER}"`, ends[0] + 1);
  return { begin: begins[0], end: ends[0] };
}
