// Context values checked against their declared type. A wrong type is an evaluation error (INVALID_CONTEXT);
// absent (undefined or null) is MISSING, which conditions treat per SPEC §2.
import semver from "semver";
import type { AttrDeclIR } from "../compile/ir.js";
import { EvalFault } from "./result.js";

export const MISSING: unique symbol = Symbol("missing");
export type Norm = string | number | boolean | semver.SemVer | typeof MISSING;

export type Normaliser = (v: unknown) => Norm;

function wrongType(attr: string, want: string, v: unknown): EvalFault {
  const shown = typeof v === "string" ? JSON.stringify(v) : typeof v === "object" ? "an object" : String(v);
  return new EvalFault("INVALID_CONTEXT", `context attribute "${attr}" is ${shown}, not a ${want}`);
}

/** Time values: an ISO 8601 string or epoch milliseconds; normalised to epoch milliseconds. */
export function timeMs(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : NaN;
  if (typeof v === "string") return Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}

export function normaliser(attr: string, decl: AttrDeclIR | undefined): Normaliser {
  switch (decl?.type) {
    case undefined:
      // Undeclared (lint reports it): take scalars as they come.
      return (v) =>
        v === undefined || v === null
          ? MISSING
          : typeof v === "string" || typeof v === "number" || typeof v === "boolean"
            ? v
            : MISSING;
    case "string":
      return (v) => {
        if (typeof v === "string") return v;
        if (v === undefined || v === null) return MISSING;
        throw wrongType(attr, "string", v);
      };
    case "enum": {
      const allowed = new Set(decl.values ?? []);
      return (v) => {
        if (typeof v === "string" && allowed.has(v)) return v;
        if (v === undefined || v === null) return MISSING;
        throw wrongType(attr, `one of ${[...allowed].join(", ")}`, v);
      };
    }
    case "number":
      return (v) => {
        if (typeof v === "number" && !Number.isNaN(v)) return v;
        if (v === undefined || v === null) return MISSING;
        throw wrongType(attr, "number", v);
      };
    case "boolean":
      return (v) => {
        if (typeof v === "boolean") return v;
        if (v === undefined || v === null) return MISSING;
        throw wrongType(attr, "boolean", v);
      };
    case "semver":
      // Kept as the string; operators that need a parsed version parse (and reject) it themselves.
      return (v) => {
        if (typeof v === "string") return v;
        if (v === undefined || v === null) return MISSING;
        throw wrongType(attr, "semver version", v);
      };
    case "time": {
      // Parsing an ISO string costs more than the comparison it feeds, and the same value often comes again.
      let lastText: string | undefined;
      let lastMs = NaN;
      return (v) => {
        if (v === undefined || v === null) return MISSING;
        let ms: number;
        if (typeof v === "string") {
          if (v !== lastText) {
            lastMs = timeMs(v);
            lastText = v;
          }
          ms = lastMs;
        } else ms = timeMs(v);
        if (Number.isNaN(ms)) throw wrongType(attr, "time (ISO 8601 or epoch ms)", v);
        return ms;
      };
    }
  }
}

export function parseSemver(attr: string, v: string): semver.SemVer {
  try {
    return new semver.SemVer(v);
  } catch {
    throw wrongType(attr, "semver version", v);
  }
}

/** The bucketing unit: the string value of the `by` attribute (numbers and booleans as their text). */
export function unitFrom(by: string, norm: Normaliser, raw: unknown): string {
  if (raw === undefined || raw === null) throw missingUnit(by);
  const n = norm(raw);
  if (typeof n === "string") return n;
  if (typeof n === "number" || typeof n === "boolean") return String(n);
  throw new EvalFault("INVALID_CONTEXT", `bucketing attribute "${by}" is not a string or number`);
}

/** The fault of a rollout whose bucketing attribute is absent (undefined or null) from the context. */
export function missingUnit(by: string): EvalFault {
  return new EvalFault("TARGETING_KEY_MISSING", `bucketing attribute "${by}" is missing`);
}

export function weightsFault(key: string, sum: number): EvalFault {
  return new EvalFault("GENERAL", `rollout weights of "${key}" sum to ${sum / 1000}%, not 100%`);
}

/**
 * A context value typed from command-line text (`--ctx k=v`, `--static k=v`) by the attribute's declaration:
 * numbers and booleans are converted when the text is one, everything else stays text (so a bad number
 * still reaches evaluation and is reported there as INVALID_CONTEXT).
 */
export function attrValueFromText(decl: AttrDeclIR | undefined, text: string): unknown {
  switch (decl?.type) {
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : text;
    }
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    case "time":
      return /^\d+$/.test(text) ? Number(text) : text;
    default:
      return text;
  }
}
