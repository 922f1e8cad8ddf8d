import { diag, type Diagnostic } from "../diagnostic.js";
import { REPO_CODES as C } from "./codes.js";

export const PROJECT_FILE = "flagctl.yaml";

/** One path segment of a flag key, or a segment name: no dots (they join key parts), no spaces. */
export const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export type RepoFileKind =
  | { kind: "project"; path: string }
  | { kind: "flag"; path: string; key: string }
  | { kind: "segment"; path: string; name: string }
  | { kind: "tests"; path: string };

export interface Classified {
  project?: RepoFileKind & { kind: "project" };
  flags: (RepoFileKind & { kind: "flag" })[];
  segments: (RepoFileKind & { kind: "segment" })[];
  tests: (RepoFileKind & { kind: "tests" })[];
  diagnostics: Diagnostic[];
}

const top = (path: string) => ({ file: path, line: 1, column: 1 });

/**
 * Sorts repo paths into project, flag, segment and test files. Files elsewhere are only there to be referenced
 * (e.g. a json flag's `schema:` path); dotfiles (.gitkeep) are ignored everywhere.
 */
export function classifyPaths(paths: Iterable<string>): Classified {
  const out: Classified = { flags: [], segments: [], tests: [], diagnostics: [] };
  const sorted = [...paths].sort();
  for (const path of sorted) {
    const parts = path.split("/");
    const base = parts[parts.length - 1];
    if (base.startsWith(".")) continue;
    if (path === PROJECT_FILE) {
      out.project = { kind: "project", path };
    } else if (parts[0] === "flags") {
      if (!path.endsWith(".yaml")) {
        out.diagnostics.push(stray(path, "flags/", "error"));
        continue;
      }
      const keyParts = path.slice("flags/".length, -".yaml".length).split("/");
      const key = keyParts.join(".");
      const bad = keyParts.find((p) => !NAME_PART.test(p));
      if (bad !== undefined) {
        out.diagnostics.push(
          diag(C.BAD_FLAG_PATH, "error", top(path), `path does not make a valid flag key: \`${bad}\` is not a valid key part`, "name directories and files with letters, digits, '-' and '_' only (no dots or spaces); the key is the path with '/' replaced by '.'"),
        );
        continue;
      }
      out.flags.push({ kind: "flag", path, key });
    } else if (parts[0] === "segments") {
      if (parts.length !== 2 || !path.endsWith(".yaml")) {
        out.diagnostics.push(stray(path, "segments/", "error"));
        continue;
      }
      const name = base.slice(0, -".yaml".length);
      if (!NAME_PART.test(name)) {
        out.diagnostics.push(diag(C.BAD_SEGMENT_PATH, "error", top(path), `\`${name}\` is not a valid segment name`, "name segment files with letters, digits, '-' and '_' only"));
        continue;
      }
      out.segments.push({ kind: "segment", path, name });
    } else if (parts[0] === "tests") {
      if (path.endsWith(".yaml")) out.tests.push({ kind: "tests", path });
      else if (path.endsWith(".yml")) out.diagnostics.push(stray(path, "tests/", "warning"));
    }
  }
  out.diagnostics.push(...caseCollisions(sorted));
  return out;
}

/**
 * Two config paths that differ only in case (flags/Disable-uploads.yaml and flags/disable-uploads.yaml) are two
 * keys on Linux, one file on macOS and Windows checkouts: whichever wins there is an accident. Each later one is an
 * error naming the first.
 */
function caseCollisions(paths: readonly string[]): Diagnostic[] {
  const first = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const path of paths) {
    if (!/^(flags|segments|tests)\//.test(path) || path.split("/").some((p) => p.startsWith("."))) continue;
    const folded = path.toLowerCase();
    const seen = first.get(folded);
    if (seen === undefined) {
      first.set(folded, path);
      continue;
    }
    out.push(
      diag(C.CASE_COLLISION, "error", top(path), `${path} differs from ${seen} only in letter case`, "rename or merge one of them: on macOS and Windows checkouts they are the same file"),
    );
  }
  return out;
}

function stray(path: string, dir: string, severity: "error" | "warning"): Diagnostic {
  const hint = path.endsWith(".yml")
    ? `rename it to ${path.slice(0, -".yml".length)}.yaml`
    : `only .yaml files belong in ${dir}; move this file elsewhere in the repo`;
  return diag(C.STRAY_FILE, severity, top(path), `stray file in ${dir}: flagctl reads only *.yaml files here, so this file is ignored`, hint);
}
