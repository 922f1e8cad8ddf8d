import { diag, type Diagnostic } from "./diagnostic.js";
import { lintRepo } from "./lint/index.js";
import type { Flag, GoldenTest, Project, Repo, Segment, SourceFile } from "./model.js";
import { parseFlag, parseProject, parseSegment, parseTestFile, type ParseResult } from "./parse/index.js";
import { classifyPaths, PROJECT_FILE } from "./repo/classify.js";
import { REPO_CODES } from "./repo/codes.js";
import type { SchemaKind, SchemaValidator } from "./schema/validator.js";
import type { YamlDoc } from "./yaml/doc.js";
import { loadYaml } from "./yaml/loadYaml.js";

export interface CheckRepoOptions {
  /** Today's date (YYYY-MM-DD, UTC) for expiry rules. */
  today: string;
  validator: SchemaValidator;
}

export interface CheckRepoResult {
  /**
   * The repo model, built whenever flagctl.yaml is valid. It holds every flag, segment and test file that
   * parsed; a file with errors is left out, so callers must check `diagnostics` for errors before using it.
   */
  repo?: Repo;
  diagnostics: Diagnostic[];
  /** Decoded text of every config file read, by path, so reporters can quote the offending line. */
  sources: Map<string, string>;
}

const lossy = new TextDecoder("utf-8");

/** Loads, schema-checks, parses and lints a whole config repo. Every file is checked, whatever the others hold. */
export function checkRepo(files: readonly SourceFile[], opts: CheckRepoOptions): CheckRepoResult {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const classified = classifyPaths(byPath.keys());
  const diagnostics: Diagnostic[] = [...classified.diagnostics];
  const sources = new Map<string, string>();

  const load = (path: string, kind: SchemaKind): YamlDoc | undefined => {
    const file = byPath.get(path)!;
    sources.set(path, lossy.decode(file.bytes));
    const loaded = loadYaml(file);
    diagnostics.push(...loaded.diagnostics);
    if (!loaded.doc) return undefined;
    const schemaDiags = opts.validator.validate(kind, loaded.doc);
    diagnostics.push(...schemaDiags);
    return schemaDiags.length ? undefined : loaded.doc;
  };
  const take = <T>(res: ParseResult<T>): T | undefined => {
    diagnostics.push(...res.diagnostics);
    return res.diagnostics.some((d) => d.severity === "error") ? undefined : res.value;
  };

  let project: Project | undefined;
  if (!classified.project) {
    diagnostics.push(diag(REPO_CODES.NO_PROJECT, "error", { file: PROJECT_FILE, line: 1, column: 1 }, "no flagctl.yaml at the repo root", "run `flagctl init` to create one"));
  } else {
    const doc = load(classified.project.path, "project");
    if (doc) project = take(parseProject(doc));
  }

  const segments = new Map<string, Segment>();
  for (const s of classified.segments) {
    const doc = load(s.path, "segment");
    const segment = doc && project && take(parseSegment(doc, s.name));
    if (segment) segments.set(s.name, segment);
  }
  const flags = new Map<string, Flag>();
  for (const f of classified.flags) {
    const doc = load(f.path, "flag");
    const flag = doc && project && take(parseFlag(doc, f.key, project, bytes));
    if (flag) flags.set(f.key, flag);
  }
  const tests: GoldenTest[] = [];
  for (const t of classified.tests) {
    const doc = load(t.path, "tests");
    const parsed = doc && project && take(parseTestFile(doc));
    if (parsed) tests.push(...parsed);
  }

  if (!project) return { diagnostics, sources };
  const sorted = <V>(m: Map<string, V>) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const repo: Repo = { project, flags: sorted(flags), segments: sorted(segments), tests };
  const broken = {
    flags: new Set(classified.flags.filter((f) => !flags.has(f.key)).map((f) => f.key)),
    segments: new Set(classified.segments.filter((s) => !segments.has(s.name)).map((s) => s.name)),
  };
  diagnostics.push(...lintRepo(repo, { today: opts.today, broken }));
  return { repo, diagnostics, sources };
}

/** True when flagctl.yaml itself is missing or invalid: the CLI's exit code 2, not 1. */
export function projectFileBroken(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.file === PROJECT_FILE && d.severity === "error");
}
