// What any YAML file may be, whichever parser reads it.
/** Larger files are refused before parsing: flag files are small, and this bounds memory and time per file. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Cap on alias expansion (the yaml library's own measure): stops "billion laughs" documents. */
export const MAX_ALIAS_COUNT = 100;
/**
 * Deepest nesting of collections accepted. The yaml library composes recursively and a stack overflow in V8 can
 * abort the whole process, so depth is measured on the (iteratively built) token tree before composing.
 * Real flag files stay far below this: a condition nested five levels deep is about 20.
 */
export const MAX_DEPTH = 64;
/** Most keys in one mapping (a flag's largest, a json variation's table, stays far below). */
export const MAX_MAP_KEYS = 10_000;
/** Keys that could reach Object.prototype in code that copies config objects; never let them into a value. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

