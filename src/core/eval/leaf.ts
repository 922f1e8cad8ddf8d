// One attribute test, compiled once: sets for `in`, linear-time matchers for regex/glob (regex.ts), semver
// Ranges, parsed times.
// The returned function takes the normalised value (values.ts) and answers per SPEC §2.
import semver from "semver";
import type { AttrCondIR, AttrDeclIR } from "../compile/ir.js";
import { compileGlob, compileRegex, type LinearRegex } from "./regex.js";
import { EvalFault } from "./result.js";
import { MISSING, type Norm, parseSemver, timeMs } from "./values.js";

export type LeafTest = (v: Norm) => boolean;

export function compileLeaf(c: AttrCondIR, decl: AttrDeclIR | undefined): LeafTest | EvalFault {
  const isTime = decl?.type === "time";
  switch (c.op) {
    case "eq": {
      if (isTime) {
        const t = timeMs(c.value);
        return (v) => v === t;
      }
      const want = c.value;
      return (v) => v === want;
    }
    case "in":
    case "notIn": {
      const set = new Set<unknown>(isTime ? c.values.map(timeMs) : c.values);
      return c.op === "in" ? (v) => v !== MISSING && set.has(v) : (v) => v === MISSING || !set.has(v);
    }
    case "startsWith": {
      const s = c.value;
      return (v) => typeof v === "string" && v.startsWith(s);
    }
    case "endsWith": {
      const s = c.value;
      return (v) => typeof v === "string" && v.endsWith(s);
    }
    case "contains": {
      const s = c.value;
      return (v) => typeof v === "string" && v.includes(s);
    }
    case "glob":
      return lastAnswerKept(compileGlob(c.value));
    case "regex": {
      const re = compileRegex(c.value);
      if (typeof re === "string") return new EvalFault("GENERAL", `invalid regex ${JSON.stringify(c.value)} on "${c.attr}": ${re}`);
      return lastAnswerKept(re);
    }
    case "lt": {
      const n = c.value;
      return (v) => typeof v === "number" && v < n;
    }
    case "lte": {
      const n = c.value;
      return (v) => typeof v === "number" && v <= n;
    }
    case "gt": {
      const n = c.value;
      return (v) => typeof v === "number" && v > n;
    }
    case "gte": {
      const n = c.value;
      return (v) => typeof v === "number" && v >= n;
    }
    case "semver": {
      let range: semver.Range;
      try {
        range = new semver.Range(c.range);
      } catch {
        return new EvalFault("GENERAL", `invalid semver range ${JSON.stringify(c.range)} on "${c.attr}"`);
      }
      const attr = c.attr;
      // Parsing a version costs ~1 µs and app versions repeat, so answers are cached per range (bounded).
      const seen = new Map<string, boolean>();
      return (v) => {
        if (typeof v !== "string") return false;
        const known = seen.get(v);
        if (known !== undefined) return known;
        const ok = range.test(parseSemver(attr, v));
        if (seen.size >= 1024) seen.clear();
        seen.set(v, ok);
        return ok;
      };
    }
    case "before":
    case "after": {
      const t = Date.parse(c.time);
      if (Number.isNaN(t)) return new EvalFault("GENERAL", `invalid time ${JSON.stringify(c.time)} on "${c.attr}"`);
      return c.op === "before" ? (v) => typeof v === "number" && v < t : (v) => typeof v === "number" && v > t;
    }
    case "exists":
      return c.value ? (v) => v !== MISSING : (v) => v === MISSING;
  }
}

/**
 * A linear-time match costs 0.2-0.5 µs, and the same value often comes again: one user's requests, each unit of
 * a population test with the rest of its context fixed. The last answer is kept; evaluations never interleave.
 */
function lastAnswerKept(re: LinearRegex): LeafTest {
  let last: string | undefined;
  let answer = false;
  return (v) => {
    if (typeof v !== "string") return false;
    if (v !== last) {
      answer = re.test(v);
      last = v;
    }
    return answer;
  };
}
