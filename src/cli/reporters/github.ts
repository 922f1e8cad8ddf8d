import type { Reporter } from "./reporter.js";

// GitHub workflow command escaping: data escapes %, CR, LF; property values also escape ':' and ','.
export const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One `::error`/`::warning` workflow annotation per diagnostic. */
export const githubReporter: Reporter = ({ diagnostics }) =>
  diagnostics
    .map((d) => {
      const text = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
      return `::${d.severity} file=${prop(d.file)},line=${d.line},col=${d.column},title=${prop(d.code)}::${data(text)}\n`;
    })
    .join("");
