import type { Loc } from "../model.js";

export type PathSegment = string | number;

/**
 * One loaded YAML file: its plain value and a way back from any path in it to its source position.
 * Produced by the loader (loadYaml) only for files that parsed without errors.
 */
export interface YamlDoc {
  file: string;
  /** Plain JSON-like data: objects (never with __proto__/constructor keys), arrays, scalars, null. */
  value: unknown;
  /**
   * Position of the node at `path` (of its key, for a mapping entry, when `at` is "key").
   * A path that does not exist resolves to its nearest existing ancestor, never throws.
   */
  locate(path: readonly PathSegment[], at?: "key" | "value"): Loc;
}
