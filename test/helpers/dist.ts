// Tests that run separate processes use the compiled dist/ (npm test builds it first). Fail clearly, instead
// of testing stale code, when dist/ is older than the sources.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function requireFreshDist(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs,
      ),
    );
  let built = 0;
  try {
    built = statSync(path.join(ROOT, "dist/store/pointer.js")).mtimeMs;
  } catch {
    /* not built */
  }
  if (built < newest(path.join(ROOT, "src/store"))) {
    throw new Error("dist/ is missing or older than src/store: run `npm run build` first (npm test does)");
  }
}
