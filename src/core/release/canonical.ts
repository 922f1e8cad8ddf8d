// Canonical JSON for release artifacts: keys sorted by code unit, two-space indent, trailing newline.
// Bytes depend only on the value, so the same commit builds the same manifest everywhere.
import type { JsonValue } from "../model.js";

export function canonicalStringify(value: JsonValue): string {
  return `${write(value, "")}\n`;
}

function write(v: JsonValue, indent: string): string {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isFinite(v)) throw new TypeError("non-finite number in JSON");
    return JSON.stringify(v);
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => inner + write(x, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(v[k], inner)}`).join(",\n")}\n${indent}}`;
}
