import { diag, type Diagnostic } from "./diagnostic.js";
import { lintRepo } from "./lint/index.js";
import type { MetaSchemas } from "./lint/types.js";
import type { Flag, GoldenTest, Project, Repo, Segment, SourceFile } from "./model.js";
import { parseFlag, parseProject, parseSegment, parseTestFile, type ParseResult, type RepoFiles } from "./parse/index.js";
import { classifyPaths, PROJECT_FILE, type Classified } from "./repo/classify.js";
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

/** One flag, segment or test file to check; independent of every other, so jobs may run anywhere. */
export type FileJob =
  | { kind: "flag"; path: string; key: string }
  | { kind: "segment"; path: string; name: string }
  | { kind: "tests"; path: string };

/** A job's outcome: plain data (it may cross a worker boundary). */
export interface FileResult {
  path: string;
  diagnostics: Diagnostic[];
  flag?: Flag;
  segment?: Segment;
  tests?: GoldenTest[];
}

/** What every job needs to know, from the first stage. */
export interface RepoPlan {
  classified: Classified;
  project?: Project;
  /** Diagnostics from classification and flagctl.yaml. */
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  jobs: FileJob[];
}

const lossy = new TextDecoder("utf-8");
const SCHEMA_OF: Record<FileJob["kind"], SchemaKind> = { flag: "flag", segment: "segment", tests: "tests" };

/** Loads, schema-checks, parses and lints a whole config repo. Every file is checked, whatever the others hold. */
export function checkRepo(files: readonly SourceFile[], opts: CheckRepoOptions): CheckRepoResult {
  const plan = planRepo(files, opts.validator);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bytes: RepoFiles = new Map(files.map((f) => [f.path, f.bytes]));
  const results = plan.jobs.map((job) => checkFile(job, byPath.get(job.path)!, plan.project, bytes, opts.validator));
  return finishRepo(plan, files, results, opts.today, { metaSchemas: opts.validator.metaSchemas });
}

/** Stage 1: classify every path and check flagctl.yaml, which every other file's parse depends on. */
export function planRepo(files: readonly SourceFile[], validator: SchemaValidator): RepoPlan {
  const classified = classifyPaths(files.filter((f) => f.unreadable === undefined).map((f) => f.path));
  const diagnostics: Diagnostic[] = [
    ...files.flatMap((f) =>
      f.unreadable === undefined
        ? []
        : [diag(REPO_CODES.UNREADABLE, "error", { file: f.path, line: 1, column: 1 }, `not read: ${f.unreadable}`, "make it a regular file inside the repo, or a symlink to one (links are followed once, never out of the repo)")],
    ),
    ...classified.diagnostics,
  ];
  const sources = new Map<string, string>();
  let project: Project | undefined;
  if (!classified.project) {
    diagnostics.push(diag(REPO_CODES.NO_PROJECT, "error", { file: PROJECT_FILE, line: 1, column: 1 }, "no flagctl.yaml at the repo root", "run `flagctl init` to create one"));
  } else {
    const file = files.find((f) => f.path === PROJECT_FILE)!;
    sources.set(file.path, lossy.decode(file.bytes));
    const doc = loadAndCheck(file, "project", validator, diagnostics);
    if (doc) project = take(parseProject(doc), diagnostics);
  }
  const jobs: FileJob[] = [...classified.segments, ...classified.flags, ...classified.tests].map((c) =>
    c.kind === "flag" ? { kind: "flag", path: c.path, key: c.key } : c.kind === "segment" ? { kind: "segment", path: c.path, name: c.name } : { kind: "tests", path: c.path },
  );
  return { classified, project, diagnostics, sources, jobs };
}

/** Stage 2, per file: load, schema-check and (when the project is valid) parse. */
export function checkFile(job: FileJob, file: SourceFile, project: Project | undefined, files: RepoFiles, validator: SchemaValidator): FileResult {
  const diagnostics: Diagnostic[] = [];
  const result: FileResult = { path: job.path, diagnostics };
  const doc = loadAndCheck(file, SCHEMA_OF[job.kind], validator, diagnostics);
  if (!doc || !project) return result;
  if (job.kind === "flag") result.flag = take(parseFlag(doc, job.key, project, files), diagnostics);
  else if (job.kind === "segment") result.segment = take(parseSegment(doc, job.name), diagnostics);
  else result.tests = take(parseTestFile(doc), diagnostics);
  return result;
}

/**
 * Stage 3: assemble the repo from the per-file results (in any order) and lint it. `lint: false` only assembles
 * (flagctl diff compiles what is there; judging it is validate's job).
 */
export function finishRepo(plan: RepoPlan, files: readonly SourceFile[], results: readonly FileResult[], today: string, options: { lint?: boolean; metaSchemas?: MetaSchemas } = {}): CheckRepoResult {
  const diagnostics = [...plan.diagnostics];
  const sources = new Map(plan.sources);
  const byPath = new Map(results.map((r) => [r.path, r]));
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const flags = new Map<string, Flag>();
  const segments = new Map<string, Segment>();
  const tests: GoldenTest[] = [];
  // Classification order (sorted paths), whatever order the results came back in.
  for (const job of plan.jobs) {
    const r = byPath.get(job.path);
    if (!r) throw new Error(`no result for ${job.path}`);
    sources.set(r.path, lossy.decode(fileByPath.get(r.path)!.bytes));
    diagnostics.push(...r.diagnostics);
    if (job.kind === "flag" && r.flag) flags.set(job.key, r.flag);
    if (job.kind === "segment" && r.segment) segments.set(job.name, r.segment);
    if (r.tests) tests.push(...r.tests);
  }
  const project = plan.project;
  if (!project) return { diagnostics, sources };
  const sorted = <V>(m: Map<string, V>) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const repo: Repo = { project, flags: sorted(flags), segments: sorted(segments), tests };
  const broken = {
    flags: new Set(plan.classified.flags.filter((f) => !flags.has(f.key)).map((f) => f.key)),
    segments: new Set(plan.classified.segments.filter((s) => !segments.has(s.name)).map((s) => s.name)),
  };
  if (options.lint !== false) diagnostics.push(...lintRepo(repo, { today, broken, metaSchemas: options.metaSchemas }));
  return { repo, diagnostics, sources };
}

/** True when flagctl.yaml itself is missing or invalid: the CLI's exit code 2, not 1. */
export function projectFileBroken(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.file === PROJECT_FILE && d.severity === "error");
}

function loadAndCheck(file: SourceFile, kind: SchemaKind, validator: SchemaValidator, into: Diagnostic[]): YamlDoc | undefined {
  const loaded = loadYaml(file);
  into.push(...loaded.diagnostics);
  if (!loaded.doc) return undefined;
  const schemaDiags = validator.validate(kind, loaded.doc);
  into.push(...schemaDiags);
  return schemaDiags.length ? undefined : loaded.doc;
}

function take<T>(res: ParseResult<T>, into: Diagnostic[]): T | undefined {
  into.push(...res.diagnostics);
  return res.diagnostics.some((d) => d.severity === "error") ? undefined : res.value;
}
