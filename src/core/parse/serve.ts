import type { FlagValue, Serve } from "../model.js";
import { Reader, isMap, type Path } from "./reader.js";

/** A `serve:` (or bare env value): a value as written, or `{ rollout: {variation: weight}, by?, salt? }`. */
export function parseServe(r: Reader, raw: unknown, path: Path): Serve | undefined {
  if (isMap(raw) && "rollout" in raw) {
    const weights = Object.entries(r.map(raw.rollout, [...path, "rollout"]) ?? {}).map(([variation, weight]) => ({
      variation,
      weight: typeof weight === "number" ? weight : Number.NaN,
      loc: r.loc([...path, "rollout", variation], "key"),
    }));
    const by = raw.by === undefined ? "user" : r.str(raw.by, [...path, "by"]);
    const salt = r.str(raw.salt, [...path, "salt"]);
    if (by === undefined) return undefined;
    return {
      kind: "rollout",
      weights,
      by,
      ...(salt !== undefined ? { salt, saltLoc: r.loc([...path, "salt"]) } : {}),
      loc: r.loc(path),
      ...(raw.by !== undefined ? { byLoc: r.loc([...path, "by"]) } : {}),
    };
  }
  if (raw === undefined) return void r.unexpected(path, "a value to serve");
  return { kind: "value", value: raw as FlagValue, loc: r.loc(path) };
}
