// Use case: where each flag key is referenced in code, and which key-like literals in code name no flag.
// Returns data; the CLI (and the HTML report) render it.
import { basename, relative, resolve, sep } from "node:path";
import { buildKeyIndex, scanText, type TextHit } from "../core/hygiene/index.js";
import { didYouMean } from "../core/didYouMean.js";
import { DEFAULT_MAX_FILE_SIZE, type AliasStyle } from "../core/model.js";
import { fsCodeSource, type CodeSource } from "../repo/codeDir.js";

export interface CodeDir {
  /** Absolute path. */
  path: string;
  /** Prefix of every `file` found in it: the directory's name (made unique when two share one). */
  label: string;
}

export interface FindRefsOptions {
  /** Every flag key of the config repo. */
  keys: Iterable<string>;
  codeDirs: readonly CodeDir[];
  aliases?: readonly AliasStyle[];
  /** Literals never reported as unknown keys: exact text or `*` patterns. */
  ignore?: readonly string[];
  maxFileSize?: number;
  /** The config repo root: its own flagctl.yaml, flags/, segments/ and tests/ are not code, when a code dir holds them. */
  configRoot?: string;
}

export interface CodeRef {
  key: string;
  /** `<dir label>/<path in the dir>`. */
  file: string;
  line: number;
  column: number;
  text: string;
  /** The alias written, when it was not the key itself. */
  alias?: string;
  /** Absolute path of the file, for tools that annotate it. */
  path: string;
}

export interface UnknownRef {
  /** The literal, shaped like a key of a known area. */
  key: string;
  file: string;
  line: number;
  column: number;
  text: string;
  path: string;
  /** The closest known key, when one is close. */
  suggestion?: string;
}

export interface CodeDirSummary {
  label: string;
  path: string;
  /** Files listed by git (tracked files) rather than a directory walk. */
  git: boolean;
  files: number;
  bytes: number;
  skipped: { binary: number; large: number; unreadable: number };
}

export interface RefsResult {
  dirs: CodeDirSummary[];
  /** Every key, sorted, with its references in file, line, column order ([] when none). */
  flags: Record<string, CodeRef[]>;
  unreferenced: string[];
  unknown: UnknownRef[];
}

export interface RefsPorts {
  code: CodeSource;
}

/** A NUL byte in the first 8000 bytes, as git decides. */
const isBinary = (bytes: Buffer) => (bytes.length <= 8000 ? bytes : bytes.subarray(0, 8000)).indexOf(0) >= 0;
const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

export async function findRefs(options: FindRefsOptions, ports: RefsPorts = { code: fsCodeSource }): Promise<RefsResult> {
  const index = buildKeyIndex(options.keys, { aliases: options.aliases, ignore: options.ignore });
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const flags: Record<string, CodeRef[]> = {};
  for (const key of index.keys) flags[key] = [];
  const unknown: UnknownRef[] = [];
  const dirs: CodeDirSummary[] = [];
  const listings = await Promise.all(options.codeDirs.map((d) => ports.code.list(d.path)));
  const suggestions = new Map<string, string | undefined>();
  // An unknown literal is in a known area by construction: the keys of that area are the candidates.
  const byArea = new Map<string, string[]>();
  for (const key of index.keys) {
    const area = key.slice(0, Math.max(0, key.lastIndexOf(".")));
    byArea.set(area, [...(byArea.get(area) ?? []), key]);
  }
  const sameArea = (literal: string) => byArea.get(literal.slice(0, literal.lastIndexOf("."))) ?? [];
  options.codeDirs.forEach((dir, n) => {
    const summary: CodeDirSummary = { label: dir.label, path: dir.path, git: listings[n].git, files: 0, bytes: 0, skipped: { binary: 0, large: 0, unreadable: 0 } };
    dirs.push(summary);
    const config = configPaths(dir.path, options.configRoot);
    for (const rel of listings[n].files) {
      if (config(rel)) continue;
      const read = ports.code.read(dir.path, rel, maxBytes);
      if (!(read instanceof Uint8Array)) {
        summary.skipped[read.skipped]++;
        continue;
      }
      const got = asBuffer(read);
      if (isBinary(got)) {
        summary.skipped.binary++;
        continue;
      }
      summary.files++;
      summary.bytes += got.byteLength;
      const { hits, unknown: odd } = scanText(got.toString("utf8"), index);
      if (hits.length === 0 && odd.length === 0) continue;
      const file = `${dir.label}/${rel}`;
      const path = resolve(dir.path, rel);
      const at = (h: TextHit) => ({ file, line: h.line, column: h.column, text: h.text, path });
      for (const h of hits) {
        const s = index.spellings.get(h.spelling)!;
        for (const key of s.keys) flags[key].push({ key, ...at(h), ...(s.style ? { alias: h.spelling } : {}) });
      }
      for (const h of odd) {
        if (!suggestions.has(h.spelling)) suggestions.set(h.spelling, didYouMean(h.spelling, sameArea(h.spelling)));
        const suggestion = suggestions.get(h.spelling);
        unknown.push({ key: h.spelling, ...at(h), ...(suggestion ? { suggestion } : {}) });
      }
    }
  });
  const unreferenced = index.keys.filter((k) => flags[k].length === 0);
  return { dirs, flags, unreferenced, unknown };
}

/** A predicate for the config repo's own files inside a code dir (they name every key, but are not code). */
function configPaths(codeDir: string, configRoot: string | undefined): (rel: string) => boolean {
  if (configRoot === undefined) return () => false;
  const rel = relative(codeDir, configRoot);
  if (rel.startsWith("..") || resolve(codeDir, rel) !== resolve(configRoot)) return () => false;
  const prefix = rel === "" ? "" : `${rel.split(sep).join("/")}/`;
  return (p) =>
    p.startsWith(prefix) && (p === `${prefix}flagctl.yaml` || /^(flags|segments|tests)\//.test(p.slice(prefix.length)));
}

/**
 * Code dirs from paths: absolute, labelled by their directory name; when two share a name, by their path
 * relative to `base` instead ("/" separated).
 */
export function codeDirs(paths: readonly string[], base: string): CodeDir[] {
  const abs = [...new Set(paths.map((p) => resolve(base, p)))];
  const names = abs.map((p) => basename(p) || p);
  return abs.map((path, i) => {
    const clash = names.filter((n) => n === names[i]).length > 1;
    const label = clash ? relative(base, path).split(sep).join("/") || "." : names[i];
    return { path, label };
  });
}
