import type { Segment } from "../model.js";
import type { YamlDoc } from "../yaml/doc.js";
import { parseCondition } from "./condition.js";
import { Reader } from "./reader.js";
import type { ParseResult } from "./result.js";

export function parseSegment(doc: YamlDoc, name: string): ParseResult<Segment> {
  const r = new Reader(doc);
  const root = r.map(doc.value, []);
  if (!root) return { diagnostics: r.diagnostics };
  const cond = parseCondition(r, root.if, ["if"]);
  if (!cond) return { diagnostics: r.diagnostics };
  const description = r.str(root.description, ["description"]);
  return {
    value: { name, file: doc.file, ...(description !== undefined ? { description } : {}), if: cond, loc: r.loc([]) },
    diagnostics: r.diagnostics,
  };
}
