import { capped } from "./escape.js";
import type { Reporter } from "./reporter.js";

// GitHub workflow command escaping: data escapes %, CR, LF; property values also escape ':' and ','. User text
// inside is escaped first (`capped`: no control characters, no line breaks of its own, bounded length).
const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(capped(s)).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One `::error`/`::warning` workflow annotation per diagnostic. */
export const githubReporter: Reporter = ({ diagnostics }) =>
  diagnostics
    .map((d) => {
      // Line breaks of a message stay line breaks (%0A cannot start a new command); other controls are escaped.
      const text = [d.message, ...(d.hint ? [`hint: ${d.hint}`] : [])].flatMap((t) => t.split("\n").map((l) => capped(l, 1000))).join("\n");
      return `::${d.severity} file=${prop(d.file)},line=${d.line},col=${d.column},title=${prop(d.code)}::${data(text)}\n`;
    })
    .join("");
