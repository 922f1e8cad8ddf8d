/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "tema" is 1 from "team"),
 * giving up once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** Short names tolerate one typo; longer ones about one in three characters. */
const tolerance = (word: string) => (word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3)));

/** The closest candidate within tolerance, ties broken alphabetically; case differences cost nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const max = tolerance(word);
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(lower, c.toLowerCase(), bestD);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= max ? best : undefined;
}

export const suggestion = (word: string, candidates: Iterable<string>): string => {
  const s = didYouMean(word, candidates);
  return s ? ` (did you mean \`${s}\`?)` : "";
};

// A typo repeated across thousands of flags would otherwise scan every candidate each time.
const memo = new WeakMap<object, Map<string, string>>();

/** `suggestion` over the keys of a large map, remembered per map. */
export function suggestKey(word: string, names: ReadonlyMap<string, unknown>): string {
  let m = memo.get(names);
  if (!m) memo.set(names, (m = new Map()));
  let s = m.get(word);
  if (s === undefined) m.set(word, (s = suggestion(word, names.keys())));
  return s;
}
