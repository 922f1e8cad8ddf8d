// The one condition printer: diffs and PR comments inline a whole condition (`team in [T1, T2] and country = US`);
// `flagctl eval --explain` prints each junction as a header (`all of 2`) with its members on lines below.
import type { CondIR } from "./ir.js";

const word = (v: unknown): string => (typeof v === "string" && /^[\w.@:+/*-]+$/.test(v) ? v : JSON.stringify(v));

/** A junction as a header for a trace that lists its members: `all of 3`, `not (country = US)`. */
export function conditionText(c: CondIR): string {
  if (c.kind === "all" || c.kind === "any") return `${c.kind} of ${c.of.length}`;
  if (c.kind === "not") return `not (${conditionText(c.of)})`;
  return readableCondition(c);
}

/** The whole condition inline; `top` leaves the outermost and/or unparenthesised. */
export function readableCondition(c: CondIR, top = true): string {
  switch (c.kind) {
    case "all":
    case "any": {
      if (c.of.length === 0) return c.kind === "all" ? "always" : "never";
      if (c.of.length === 1) return readableCondition(c.of[0], top);
      const text = c.of.map((x) => readableCondition(x, false)).join(c.kind === "all" ? " and " : " or ");
      return top ? text : `(${text})`;
    }
    case "not":
      return `not ${readableCondition(c.of, false)}`;
    case "segment":
      return c.names.length === 1 ? `segment ${c.names[0]}` : `segment in [${c.names.join(", ")}]`;
    case "flag":
      return `flag ${c.key} = ${word(c.value)}`;
    case "attr":
      switch (c.op) {
        case "eq":
          return `${c.attr} = ${word(c.value)}`;
        case "in":
          return `${c.attr} in [${c.values.map(word).join(", ")}]`;
        case "notIn":
          return `${c.attr} not in [${c.values.map(word).join(", ")}]`;
        case "lt":
          return `${c.attr} < ${c.value}`;
        case "lte":
          return `${c.attr} <= ${c.value}`;
        case "gt":
          return `${c.attr} > ${c.value}`;
        case "gte":
          return `${c.attr} >= ${c.value}`;
        case "semver":
          return `${c.attr} matches semver ${JSON.stringify(c.range)}`;
        case "before":
        case "after":
          return `${c.attr} ${c.op} ${c.time}`;
        case "exists":
          return c.value ? `${c.attr} is set` : `${c.attr} is not set`;
        case "startsWith":
          return `${c.attr} starts with ${JSON.stringify(c.value)}`;
        case "endsWith":
          return `${c.attr} ends with ${JSON.stringify(c.value)}`;
        case "contains":
          return `${c.attr} contains ${JSON.stringify(c.value)}`;
        case "glob":
          return `${c.attr} matches glob ${JSON.stringify(c.value)}`;
        case "regex":
          return `${c.attr} matches /${c.value}/`;
      }
  }
}
