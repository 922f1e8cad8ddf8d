// Byte-identical output for the same input: sorted object keys, arrays in order. Compact by default (release
// env files); `pretty` indents by two spaces for files people read (manifests). Undefined object members are
// left out (as JSON.stringify does); non-finite numbers become null.

export function canonicalJson(value: unknown, options: { pretty?: boolean } = {}): string {
  return write(value, options.pretty ? "\n" : undefined);
}

/** `newline` is undefined for compact output, else "\n" plus the current indentation. */
function write(value: unknown, newline: string | undefined): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "object": {
      const inner = newline === undefined ? undefined : `${newline}  `;
      const [open, sep, close, colon] = inner === undefined ? ["", ",", "", ":"] : [inner, `,${inner}`, newline, ": "];
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        return `[${open}${value.map((v) => (v === undefined ? "null" : write(v, inner))).join(sep)}${close}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined && typeof obj[k] !== "function")
        .sort();
      if (keys.length === 0) return "{}";
      return `{${open}${keys.map((k) => `${JSON.stringify(k)}${colon}${write(obj[k], inner)}`).join(sep)}${close}}`;
    }
    default:
      return "null";
  }
}
