// The parsed config repo: what every part of flagctl (lint, compile, diff, release) works from.
// Every node that a diagnostic may point at carries a `loc` into its source file.

/** A position in a repo file; line and column are 1-based. `file` is repo-relative, with "/" separators. */
export interface Loc {
  file: string;
  line: number;
  column: number;
}

/** A repo file as read from disk or git; core decodes and size-checks it itself. */
export interface SourceFile {
  path: string;
  bytes: Uint8Array;
  /**
   * Set when the path could not be read as a config file (a symlink leaving the repo, dangling or looping; a
   * directory where a file belongs; a FIFO): `bytes` is then empty and the file is reported (REPO005), never read.
   */
  unreadable?: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A value a flag can serve. For json flags this is the variation's JSON value. */
export type FlagValue = JsonValue;

// ---------------------------------------------------------------- project file

export type AttrType = "string" | "number" | "boolean" | "semver" | "time" | "enum";

export interface AttrDecl {
  name: string;
  type: AttrType;
  /** The allowed values of an enum attribute. */
  values?: string[];
  /** Known when the process starts and the same for every request (`env` always is). */
  static: boolean;
  loc: Loc;
}

export interface RolloutPolicy {
  /** Percentages, ascending, the last one 100. */
  steps: number[];
  /** Minimum time at a step before `rollout` moves on, in milliseconds (0 when not set). */
  bakeMs: number;
  loc: Loc;
}

/**
 * A check `rollout --watch` runs before every move: a command that must exit 0, or an http(s) URL that must
 * answer 2xx (and, when it answers JSON, `healthy: true`).
 */
export type Gate = ({ kind: "run"; run: string } | { kind: "url"; url: string }) & {
  /** How long the gate may take before it counts as failed; absent: the default. */
  timeoutMs?: number;
  loc: Loc;
};
/** Derived spellings of a key that also count as references in code. */
export type AliasStyle = "camelCase" | "snake_case" | "UPPER_SNAKE";

export interface RefsSettings {
  aliases: AliasStyle[];
  /** Literals that look like keys but are not: exact text, or `*` patterns. */
  ignore: string[];
  /** Larger files are skipped. */
  maxFileSize: number;
}

export interface StaleSettings {
  /** A flag served unchanged by every environment's stable release for longer than this is settled. */
  settledAfterMs: number;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const DEFAULT_SETTLED_AFTER_MS = 30 * 86_400_000;

export interface Project {
  file: string; // "flagctl.yaml"
  name: string;
  environments: string[];
  pipeline: string[];
  rollout: Record<string, RolloutPolicy>;
  /** Declared attributes plus the implicit static `env` (and the time attribute `now`). */
  context: Record<string, AttrDecl>;
  store?: string;
  /** Per environment, the gates `rollout --watch` runs before every move (absent: none). */
  gates?: Record<string, Gate[]>;
  /** Code directories for `refs` and `stale` (flagctl.yaml `code:`), as written: relative to the repo root. */
  code: string[];
  refs: RefsSettings;
  stale: StaleSettings;
  /** runtime.targetingKey: the attribute OpenFeature's targetingKey fills; undefined: "user". */
  targetingKey?: string;
  loc: Loc;
  /** Locations of list items for diagnostics: "environments.0", "pipeline.2", "code.0". */
  locs?: Record<string, Loc>;
}

// ---------------------------------------------------------------- conditions

export type Scalar = string | number | boolean;

export type AttrTest =
  | { op: "eq"; value: Scalar }
  | { op: "in" | "notIn"; values: Scalar[] }
  | { op: "startsWith" | "endsWith" | "contains" | "glob" | "regex"; value: string }
  | { op: "lt" | "lte" | "gt" | "gte"; value: number }
  | { op: "semver"; range: string }
  | { op: "before" | "after"; time: string }
  | { op: "exists"; value: boolean };

export type AttrOp = AttrTest["op"];

/**
 * A condition tree. A YAML mapping with several entries becomes `all`; an attribute with several operators
 * (`{ gte: 1, lt: 5 }`) becomes `all` of single tests; `flag: {a: x, b: y}` becomes `all` of prerequisites.
 */
export type Condition =
  | { kind: "all"; of: Condition[]; loc: Loc }
  | { kind: "any"; of: Condition[]; loc: Loc }
  | { kind: "not"; of: Condition; loc: Loc }
  | { kind: "segment"; names: string[]; loc: Loc }
  | { kind: "flag"; key: string; value: FlagValue; loc: Loc }
  | { kind: "attr"; attr: string; test: AttrTest; loc: Loc };

// ---------------------------------------------------------------- flags

export type FlagType = "boolean" | "string" | "number" | "json";
export type FlagKind = "release" | "experiment" | "ops" | "kill-switch" | "permission";

/** A named value. Boolean flags have "true"/"false"; string and number flags use String(value). */
export interface Variation {
  name: string;
  value: FlagValue;
  /** Where the variation is written (its key for json flags, its list item otherwise). */
  loc?: Loc;
}

export interface WeightedVariation {
  /** As written: for boolean flags "true"/"false", for number flags the number's text, for json the name. */
  variation: string;
  /** Percentage as written (may be invalid: lint checks it). */
  weight: number;
  loc: Loc;
}

export type Serve =
  | {
      kind: "value";
      /** The served value as written: a scalar, or a variation name for json flags. */
      value: FlagValue;
      loc: Loc;
    }
  | {
      kind: "rollout";
      weights: WeightedVariation[];
      /** Bucketing attribute; "user" when not written. */
      by: string;
      salt?: string;
      loc: Loc;
      /** Where `by` and `salt` are written, when they are. */
      byLoc?: Loc;
      saltLoc?: Loc;
    };

export interface Rule {
  /** 0-based position in the env's rule list. */
  index: number;
  name?: string;
  if: Condition;
  serve: Serve;
  loc: Loc;
}

export type EnvConfig =
  | { kind: "static"; serve: Serve & { kind: "value" }; loc: Loc }
  | { kind: "rules"; rules: Rule[]; fallthrough: Serve; loc: Loc };

export type Check = { kind: "url-exists"; pointer: string; loc: Loc };

export interface Flag {
  key: string;
  file: string;
  loc: Loc;
  description?: string;
  owner?: string;
  kind?: FlagKind;
  /** YYYY-MM-DD as written. */
  expires?: string;
  type: FlagType;
  /** The default value (for json flags, resolved from a variation name when one was written). */
  default: FlagValue;
  /** The variation name the default was written as (json flags), or String(default). */
  defaultVariation?: string;
  /**
   * Declared variations. Absent for boolean flags and for string/number flags that did not list any.
   * For json flags: name -> value, in the order written.
   */
  variations?: Variation[];
  /** Inline JSON Schema, or the repo-relative path it was loaded from (resolved by the loader). */
  schema?: { schema: JsonValue; path?: string; loc: Loc };
  checks: Check[];
  salt?: string;
  /** Env name -> config, only for environments the file names. */
  environments: Record<string, EnvConfig>;
  /** Locations of interesting keys (e.g. "default", "expires", "owner", "environments.prod") for diagnostics. */
  locs: Record<string, Loc>;
}

export interface Segment {
  name: string;
  file: string;
  description?: string;
  if: Condition;
  loc: Loc;
}

// ---------------------------------------------------------------- golden tests

/** What every golden test has. `locs` place diagnostics: "env", "context.<attr>", "static.<attr>", and per kind
 * "expect.<flag>" (exact) or "flag", "vary", "share.<variation>" (population). */
interface TestBase {
  name: string;
  file: string;
  loc: Loc;
  env: string;
  static: Record<string, JsonValue>;
  /** The request context (population: the attributes every synthetic unit shares). */
  context: Record<string, JsonValue>;
  locs?: Record<string, Loc>;
}

export interface ExactTest extends TestBase {
  kind: "exact";
  /** Flag key -> expected value (json flags: the value, or the variation name). */
  expect: Record<string, FlagValue>;
}

export interface PopulationTest extends TestBase {
  kind: "population";
  flag: string;
  population: { size: number; vary: string };
  /** Variation (as written, e.g. "true") -> expected percentage. */
  share: Record<string, number>;
  /** Allowed absolute deviation in percentage points. */
  tolerance: number;
}

export type GoldenTest = ExactTest | PopulationTest;

// ---------------------------------------------------------------- the repo

export interface Repo {
  project: Project;
  /** Sorted by key. */
  flags: Map<string, Flag>;
  /** Sorted by name. */
  segments: Map<string, Segment>;
  tests: GoldenTest[];
}
