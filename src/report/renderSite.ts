// The report's files from its data: index.html (the matrix), flags/<key>.html, envs/<env>.html, one stylesheet
// and one script. Pages are produced one at a time so 10,000 flags never sit in memory as HTML at once.
import { Eta } from "eta/core";
import type { ReportData } from "../app/report/collectReport.js";
import { formatDuration } from "../core/release/duration.js";
import { chartGeometry } from "../core/report/timeline.js";
import { MATRIX_JS, STYLE_CSS } from "./assets.js";
import { ENV, FLAG, FOOT, HEAD, INDEX } from "./templates.js";

export interface SiteFile {
  /** Relative to the output directory, "/"-separated. */
  path: string;
  body: string;
}

/** A flag key or env name as a file name: safe characters kept, anything else spelled out (and so unique). */
export function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]|^\./g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}

const helpers = {
  file: fileName,
  time: (iso: string) => (Number.isFinite(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 19).replace("T", " ") + " UTC" : iso),
  duration: formatDuration,
};

function engine(): Eta {
  const eta = new Eta({ autoEscape: true, autoTrim: false, cache: true });
  eta.loadTemplate("@head", HEAD);
  eta.loadTemplate("@foot", FOOT);
  eta.loadTemplate("@index", INDEX);
  eta.loadTemplate("@flag", FLAG);
  eta.loadTemplate("@env", ENV);
  return eta;
}

const sortedSet = (values: Iterable<string | null>): string[] => [...new Set([...values].filter((v): v is string => !!v))].sort();

/** Every path renderSite yields, known before anything is written. */
export function plannedPaths(r: ReportData): string[] {
  return [
    "report.css",
    "report.js",
    "index.html",
    ...r.environments.map((env) => `envs/${fileName(env)}.html`),
    ...r.flags.map((f) => `flags/${fileName(f.key)}.html`),
  ];
}

export function* renderSite(r: ReportData): Generator<SiteFile> {
  const eta = engine();
  const base = { r, h: helpers };
  yield { path: "report.css", body: STYLE_CSS };
  yield { path: "report.js", body: MATRIX_JS };
  yield {
    path: "index.html",
    body: eta.render("@index", {
      ...base,
      owners: sortedSet(r.flags.map((f) => f.owner)),
      kinds: sortedSet(r.flags.map((f) => f.kind)),
      areas: sortedSet(r.flags.map((f) => f.area)),
      staleReasons: sortedSet(r.flags.flatMap((f) => f.stale?.reasons ?? [])),
    }),
  };
  for (const e of r.envs.length > 0 ? r.envs : r.environments.map((env) => ({ env, inPipeline: r.pipeline.includes(env), pointer: null, events: [], runs: [], hosts: null }))) {
    yield { path: `envs/${fileName(e.env)}.html`, body: eta.render("@env", { ...base, e, events: [...e.events].reverse(), chart: chartGeometry(e.runs.slice(-40)) }) };
  }
  for (const f of r.flags) yield { path: `flags/${fileName(f.key)}.html`, body: eta.render("@flag", { ...base, f }) };
}
