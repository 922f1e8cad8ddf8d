import type { Flag, FlagValue } from "../model.js";
import { jsonEqual } from "../compile/compile-env.js";

export type ValueProblem = { kind: "type" | "variation"; message: string };

export const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

const typeOk = (flag: Flag, v: FlagValue): boolean =>
  flag.type === "boolean" ? typeof v === "boolean"
  : flag.type === "string" ? typeof v === "string"
  : flag.type === "number" ? typeof v === "number" && Number.isFinite(v)
  : true;

/**
 * Checks a value as written where a flag's value is served or expected. json flags serve variation names;
 * with `acceptJsonValue` (golden tests, prerequisites) a json variation's value is accepted too.
 */
export function checkFlagValue(flag: Flag, v: FlagValue, acceptJsonValue = false): ValueProblem | undefined {
  if (flag.type === "json") {
    const names = flag.variations ?? [];
    if (typeof v === "string" && names.some((x) => x.name === v)) return undefined;
    if (acceptJsonValue && names.some((x) => jsonEqual(x.value, v))) return undefined;
    return {
      kind: "variation",
      message: `${show(v)} is not a variation of json flag \`${flag.key}\` (variations: ${names.map((x) => x.name).join(", ") || "none"})`,
    };
  }
  if (!typeOk(flag, v)) return { kind: "type", message: `${show(v)} is not a ${flag.type} (flag \`${flag.key}\` is ${flag.type})` };
  if (flag.variations && !flag.variations.some((x) => x.value === v)) {
    return { kind: "variation", message: `${show(v)} is not among the variations of \`${flag.key}\` (${flag.variations.map((x) => show(x.value)).join(", ")})` };
  }
  return undefined;
}

/** Rollout keys are text: "true"/"false", a number's text, a string variation, or a json variation name. */
export function checkRolloutKey(flag: Flag, key: string): ValueProblem | undefined {
  if (flag.type === "boolean") {
    return key === "true" || key === "false" ? undefined : { kind: "type", message: `rollout key \`${key}\` is not true or false` };
  }
  if (flag.type === "number") {
    const n = key.trim() === "" ? Number.NaN : Number(key);
    if (!Number.isFinite(n)) return { kind: "type", message: `rollout key \`${key}\` is not a number` };
    return checkFlagValue(flag, n);
  }
  return checkFlagValue(flag, key);
}
