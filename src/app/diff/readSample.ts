// --sample FILE.jsonl: one context per line, either a bare context object or { "context": {...}, "static": {...} }
// (the shape `flagctl eval --contexts` writes back, so its output can be fed in again).
import { readFileSync } from "node:fs";
import type { SampleContext } from "../../core/diff/index.js";
import { UsageError } from "../../errors.js";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readSample(path: string): SampleContext[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read --sample ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "give a JSONL file: one JSON context object per line", "E_SAMPLE");
  }
  const out: SampleContext[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${i + 1}: not a JSON object`, "write one JSON context per line", "E_SAMPLE");
    }
    if (!isObj(v)) throw new UsageError(`${path}:${i + 1}: not a JSON object`, "write one JSON context per line", "E_SAMPLE");
    if (isObj(v.context)) out.push({ context: v.context, static: isObj(v.static) ? v.static : {} });
    else out.push({ context: v, static: {} });
  });
  return out;
}
