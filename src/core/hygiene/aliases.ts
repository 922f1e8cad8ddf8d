import type { AliasStyle } from "../model.js";

/** The words of a key: split at ".", "-", "_" and lower-to-upper case changes ("ui.navV2" -> ui, nav, v2). */
function words(key: string): string[] {
  return key
    .split(/[.\-_]+/)
    .flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])/))
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

const SPELL: Record<AliasStyle, (w: string[]) => string> = {
  camelCase: (w) => w.map((x, i) => (i === 0 ? x : x[0].toUpperCase() + x.slice(1))).join(""),
  snake_case: (w) => w.join("_"),
  UPPER_SNAKE: (w) => w.join("_").toUpperCase(),
};

/** The derived spellings of `key` in the given styles, without the key itself and without repeats. */
export function aliasesOf(key: string, styles: readonly AliasStyle[]): { spelling: string; style: AliasStyle }[] {
  const w = words(key);
  if (w.length === 0) return [];
  const out: { spelling: string; style: AliasStyle }[] = [];
  for (const style of styles) {
    const spelling = SPELL[style](w);
    if (spelling !== key && !out.some((o) => o.spelling === spelling)) out.push({ spelling, style });
  }
  return out;
}
