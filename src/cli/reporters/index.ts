// The one reporter registry: every result a use case returns, rendered in each --format that suits it. A command
// calls its use case and `render(kind, format, result)`; it never formats output itself. Reporters are the only
// code that uses chalk. Add a format by adding a file and a line to `reporters`.
import type { BuildResult } from "../../app/build.js";
import type { CodeownersReport } from "../../app/codeowners.js";
import type { LogReport } from "../../app/log.js";
import type { MoveResult } from "../../app/movePointer.js";
import type { PublishResult } from "../../app/publish.js";
import type { HostsReport } from "../../app/hosts.js";
import type { StatusReport } from "../../app/status.js";
import type { Diagnostic } from "../../core/diagnostic.js";
import type { DiffReport } from "../../core/diff/index.js";
import type { TestSummary } from "../../core/golden/index.js";
import { UsageError } from "../../errors.js";
import type { InitReport } from "../commands/init.js";
import type { KeygenReport } from "../commands/keygen.js";
import type { EvalOutput } from "./eval.js";
import type { RefsReport, StaleReport } from "./hygiene.js";
import { github } from "./github.js";
import { json } from "./json.js";
import { markdown } from "./markdown.js";
import { text } from "./text.js";

export interface DiagnosticsReport {
  /** Already sorted (sortDiagnostics). */
  diagnostics: readonly Diagnostic[];
  /** File text by repo path, for quoting the offending line. */
  sources: ReadonlyMap<string, string>;
  /** What was checked, e.g. "12 flags, 3 segments, 2 tests"; shown by human-oriented formats. */
  subject?: string;
}

/** Every kind of result, by the name commands render it under. */
export interface Reports {
  diagnostics: DiagnosticsReport;
  tests: TestSummary;
  eval: EvalOutput;
  diff: DiffReport;
  build: BuildResult;
  publish: PublishResult;
  move: { env: string } & MoveResult;
  status: StatusReport;
  hosts: HostsReport;
  log: LogReport;
  codeowners: CodeownersReport;
  init: InitReport;
  keygen: KeygenReport;
  refs: RefsReport;
  stale: StaleReport;
}

export type Reporter = { [K in keyof Reports]?: (report: Reports[K], color: boolean) => string };

export const reporters = { text, json, github, markdown } satisfies Record<string, Reporter>;
export type Format = keyof typeof reporters;

/** The formats that render `kind`, in registry order: the --format choices of a command. */
export function formatsFor(kind: keyof Reports): Format[] {
  return (Object.keys(reporters) as Format[]).filter((f) => (reporters[f] as Reporter)[kind]);
}

/** Refuses a format that does not render `kind`; commands check before they act. */
export function checkFormat(kind: keyof Reports, format = "text"): Format {
  if (!formatsFor(kind).includes(format as Format)) {
    throw new UsageError(`--format ${format} is not supported here`, `use ${formatsFor(kind).map((f) => `--format ${f}`).join(" or ")}`);
  }
  return format as Format;
}

export function render<K extends keyof Reports>(kind: K, format: string, report: Reports[K], color: boolean): string {
  const reporter: Reporter = reporters[checkFormat(kind, format)];
  return reporter[kind]!(report, color);
}
