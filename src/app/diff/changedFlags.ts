// Which flag files a same-environment diff of two repo sides has to parse at all.
//
// Why skipping the others is sound: a flag's compiled IR for an env is a function of its own file, flagctl.yaml,
// the segment files and files its `schema:` may reference — never of another flag (a prerequisite compiles to
// just its key). So when every file but flag and test files is byte-identical on both sides, a flag file that is
// byte-identical on both sides compiles to identical IR on both sides, which diffEnv skips anyway. What does read
// other flags: evaluating a changed flag for sample/golden contexts runs its prerequisites, so those are loaded
// too, transitively (prerequisiteKeys). The env model's `attributes` and `segments` then list only what loaded
// flags use; evaluation reads only the evaluated flag's own, and no segment can differ (its file is identical).
// The breaking-change check compares against deployed releases rather than the other side, so it loads the
// whole proposed side when something is deployed (runDiff).
import type { CondIR, EnvModel } from "../../core/compile/ir.js";
import type { SourceFile } from "../../core/model.js";
import { classifyPaths } from "../../core/repo/classify.js";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/**
 * Keys of the flags whose files differ between the sides (changed, added or removed), or undefined when the
 * shortcut does not apply and both sides must be loaded whole: flagctl.yaml, a segment or any other non-flag,
 * non-test file differs, or a path is not a valid config path (the full load reports it).
 */
export function changedFlagKeys(a: readonly SourceFile[], b: readonly SourceFile[]): Set<string> | undefined {
  const ca = classifyPaths(a.map((f) => f.path));
  const cb = classifyPaths(b.map((f) => f.path));
  if (!ca.project || !cb.project || ca.diagnostics.length > 0 || cb.diagnostics.length > 0) return undefined;
  const flagsA = new Map(ca.flags.map((f) => [f.path, f.key]));
  const flagsB = new Map(cb.flags.map((f) => [f.path, f.key]));
  const testsA = new Set(ca.tests.map((t) => t.path));
  const testsB = new Set(cb.tests.map((t) => t.path));
  const restA = new Map(a.filter((f) => !flagsA.has(f.path) && !testsA.has(f.path)).map((f) => [f.path, f.bytes]));
  const restB = new Map(b.filter((f) => !flagsB.has(f.path) && !testsB.has(f.path)).map((f) => [f.path, f.bytes]));
  if (restA.size !== restB.size) return undefined;
  for (const [path, bytes] of restA) {
    const other = restB.get(path);
    if (!other || !same(bytes, other)) return undefined;
  }
  // A flag's key is its path, so a flag file is matched by path.
  const bytesB = new Map(b.filter((f) => flagsB.has(f.path)).map((f) => [f.path, f.bytes]));
  const changed = new Set<string>();
  for (const f of a) {
    const key = flagsA.get(f.path);
    if (key === undefined) continue;
    const other = bytesB.get(f.path);
    if (!other || !same(f.bytes, other)) changed.add(key);
  }
  for (const [path, key] of flagsB) if (!flagsA.has(path)) changed.add(key);
  return changed;
}

/** Flags that the flags and segments of these models name as prerequisites (`flag:` conditions). */
export function prerequisiteKeys(models: Record<string, EnvModel>): Set<string> {
  const out = new Set<string>();
  const walk = (c: CondIR): void => {
    if (c.kind === "flag") out.add(c.key);
    else if (c.kind === "all" || c.kind === "any") c.of.forEach(walk);
    else if (c.kind === "not") walk(c.of);
  };
  for (const model of Object.values(models)) {
    for (const f of Object.values(model.flags)) if (f.config?.kind === "rules") for (const r of f.config.rules) walk(r.if);
    Object.values(model.segments).forEach(walk);
  }
  return out;
}
