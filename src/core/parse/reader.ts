import { diag, type Diagnostic } from "../diagnostic.js";
import type { Loc } from "../model.js";
import type { PathSegment, YamlDoc } from "../yaml/doc.js";

export type Path = readonly PathSegment[];

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * Walks a schema-checked document. The schema has already rejected wrong shapes, so every accessor here is
 * defensive only: a shape it does not expect becomes a PARSE001 diagnostic at the node, never an exception.
 */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly doc: YamlDoc) {}

  loc(path: Path, at: "key" | "value" = "value"): Loc {
    return this.doc.locate(path, at);
  }

  error(code: string, path: Path, message: string, hint?: string): void {
    this.diagnostics.push(diag(code, "error", this.loc(path), message, hint));
  }

  unexpected(path: Path, expected: string): void {
    this.error("PARSE001", path, `expected ${expected}`, "fix the value's shape; see docs/file-formats.md");
  }

  str(value: unknown, path: Path): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    this.unexpected(path, "a string");
    return undefined;
  }

  map(value: unknown, path: Path): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (isMap(value)) return value;
    this.unexpected(path, "a mapping");
    return undefined;
  }

  list(value: unknown, path: Path): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return value;
    this.unexpected(path, "a list");
    return undefined;
  }
}
