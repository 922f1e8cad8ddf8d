import semver from "semver";
import { compileRegex } from "../eval/regex.js";
import { conditionRules } from "./condition-rule.js";

// Literals repeat across thousands of flags (the same team regex, the same version range); a run checks each once.

function regexProblem(src: string): string | undefined {
  try {
    new RegExp(src);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function rangeProblem(range: string): string | undefined {
  if (range.trim() === "") return "an empty semver range matches every version; use `exists: true`";
  return semver.validRange(range) === null ? `${JSON.stringify(range)} is not a valid semver range` : undefined;
}

export const invalidRegex = conditionRules(
  "034", "error",
  "A `regex` is not a valid JavaScript regular expression.",
  "fix the pattern; it is written in JavaScript regex syntax and matches anywhere unless anchored with ^ and $",
  (c, _repo, report, ctx) => {
    if (c.kind !== "attr" || c.test.op !== "regex") return;
    const src = c.test.value;
    const e = ctx.memo(`regex:${src}`, () => regexProblem(src));
    if (e) report(c.loc, e);
  },
);

// Valid JavaScript, but the linear-time engine evaluation uses cannot run it (backreferences, lookaround, ...).
export const unsupportedRegex = conditionRules(
  "039", "error",
  "A `regex` uses syntax the linear-time regex engine cannot run (backreferences, lookahead or lookbehind, huge repeat counts).",
  "rewrite it without backreferences or lookaround (e.g. split it into two conditions under `all:`/`not:`), or use `in`, `startsWith`, `endsWith` or `glob`",
  (c, _repo, report, ctx) => {
    if (c.kind !== "attr" || c.test.op !== "regex") return;
    const src = c.test.value;
    if (ctx.memo(`regex:${src}`, () => regexProblem(src))) return; // FLAG034 already says it is not a regex at all
    const re = ctx.memo(`re2:${src}`, () => compileRegex(src));
    if (typeof re === "string") report(c.loc, `regex ${JSON.stringify(src)} cannot be evaluated in linear time: ${re}`);
  },
);

export function globProblem(glob: string): string | undefined {
  if (glob === "") return "an empty glob matches only the empty string";
  if (/[[\]{}]/.test(glob)) return `glob ${JSON.stringify(glob)} uses [ ] or { }, which flagctl globs do not support (they are matched literally)`;
  return undefined;
}

export const invalidGlob = conditionRules(
  "035", "error",
  "A `glob` is empty or uses syntax flagctl globs do not have (`[...]` classes, `{a,b}` alternatives); only `*` and `?` are wildcards.",
  "use only `*` (any run) and `?` (one character); for classes or alternatives use `regex` or `in`",
  (c, _repo, report) => {
    if (c.kind !== "attr" || c.test.op !== "glob") return;
    const p = globProblem(c.test.value);
    if (p) report(c.loc, p);
  },
);

export const invalidSemverRange = conditionRules(
  "036", "error",
  "A `semver` operand is not a valid semver range.",
  'write a range such as ">=4.2.0 <5" or "^4.2"',
  (c, _repo, report, ctx) => {
    if (c.kind !== "attr" || c.test.op !== "semver") return;
    const range = c.test.range;
    const p = ctx.memo(`semver:${range}`, () => rangeProblem(range));
    if (p) report(c.loc, p);
  },
);

/** ISO 8601 date-time with an explicit offset; a time without one would depend on the evaluating host's zone. */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isoTimeProblem(text: string): string | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return `${JSON.stringify(text)} is not an ISO 8601 date-time with a time zone, e.g. 2027-01-01T00:00:00Z`;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return `${JSON.stringify(text)} is not a real date and time`;
  }
  return undefined;
}

export const invalidTime = conditionRules(
  "037", "error",
  "A `before`/`after` operand is not an ISO 8601 date-time with a time zone.",
  "write e.g. 2027-01-01T09:00:00Z or 2027-01-01T09:00:00+01:00",
  (c, _repo, report, ctx) => {
    if (c.kind !== "attr" || (c.test.op !== "before" && c.test.op !== "after")) return;
    const time = c.test.time;
    const p = ctx.memo(`time:${time}`, () => isoTimeProblem(time));
    if (p) report(c.loc, p);
  },
);
