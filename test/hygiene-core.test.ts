// The pure core of flag hygiene: the one-pass scanner against a naive per-key search, aliases, settledness.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aliasesOf, buildKeyIndex, flagSettledness, scanText, settledSince, stableSpans, trieSource } from "../src/core/index.js";

const TOKEN = /[A-Za-z0-9_.-]/;
/** Every whole-token occurrence of every spelling, the slow obvious way: one search per key per text. */
function naive(text: string, spellings: string[]): string[] {
  const out: string[] = [];
  for (const s of spellings) {
    for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) {
      const before = i > 0 ? text[i - 1] : "";
      const after = text[i + s.length] ?? "";
      if (!TOKEN.test(before) && !TOKEN.test(after)) out.push(`${s}@${i}`);
    }
  }
  return out.sort();
}

describe("scanText", () => {
  it("finds exactly what a per-key whole-token search finds, for keys that share prefixes", () => {
    const part = fc.constantFrom("a", "ab", "b", "a-b", "a_b", "x1", "new-flow", "flow");
    const key = fc.array(part, { minLength: 1, maxLength: 3 }).map((p) => p.join("."));
    const noise = fc.constantFrom(" ", ".", "-", "_", "\n", "\r\n", '"', "'", "`", "(", ")", "x", "é", "a", "/", ":");
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 6 }), fc.array(fc.oneof(key, noise), { maxLength: 40 }), (keys, pieces) => {
        const text = pieces.join("");
        const index = buildKeyIndex(keys);
        const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
        const found = scanText(text, index).hits.map((h) => `${h.spelling}@${lineStarts[h.line - 1] + h.column - 1}`).sort();
        expect(found).toEqual(naive(text, keys));
      }),
      { numRuns: 400 },
    );
  });

  it("builds a trie regex that matches exactly its words", () => {
    const re = new RegExp(`^(?:${trieSource(["a.b", "a.b-c", "a.bc", "ab", "b"])})$`);
    for (const w of ["a.b", "a.b-c", "a.bc", "ab", "b"]) expect(re.test(w), w).toBe(true);
    for (const w of ["a", "a.", "a.b-", "abc", "a.bcd", ""]) expect(re.test(w), w).toBe(false);
  });

  it("works with no flags at all", () => {
    expect(scanText('"x.y" x.y', buildKeyIndex([]))).toEqual({ hits: [], unknown: [] });
  });
});

describe("aliasesOf", () => {
  it("derives camelCase, snake_case and UPPER_SNAKE from dots, dashes, underscores and case changes", () => {
    expect(aliasesOf("checkout.new-flow", ["camelCase", "snake_case", "UPPER_SNAKE"])).toEqual([
      { spelling: "checkoutNewFlow", style: "camelCase" },
      { spelling: "checkout_new_flow", style: "snake_case" },
      { spelling: "CHECKOUT_NEW_FLOW", style: "UPPER_SNAKE" },
    ]);
    expect(aliasesOf("ui.navV2", ["snake_case"])).toEqual([{ spelling: "ui_nav_v2", style: "snake_case" }]);
    expect(aliasesOf("search", ["camelCase", "snake_case"])).toEqual([]); // the key itself is not an alias
  });

  it("attributes an alias two keys share to both, and never lets an alias shadow a key", () => {
    const index = buildKeyIndex(["a.b-c", "a.b_c", "a_b_c"], { aliases: ["snake_case"] });
    expect(index.spellings.get("a_b_c")).toEqual({ keys: ["a_b_c"] });
    const two = buildKeyIndex(["a.b-c", "a.b.c"], { aliases: ["UPPER_SNAKE"] });
    expect(two.spellings.get("A_B_C")).toEqual({ keys: ["a.b-c", "a.b.c"], style: "UPPER_SNAKE" });
  });
});

describe("settledness", () => {
  const DAY = 86_400_000;
  const served: Record<string, Record<string, string>> = { v1: { f: "one", g: "x" }, v2: { f: "two", g: "x" }, v3: { f: "two", g: "y" } };
  const lookup = (v: string) => served[v];

  it("collapses pointer history into stable spans", () => {
    const h = [
      { stable: null, updatedAt: "2026-01-01T00:00:00Z" },
      { stable: "v1", updatedAt: "2026-01-02T00:00:00Z" },
      { stable: "v1", updatedAt: "2026-01-03T00:00:00Z" },
      { stable: "v2", updatedAt: "2026-01-04T00:00:00Z" },
    ];
    expect(stableSpans(h)).toEqual([{ version: "v1", since: Date.parse("2026-01-02T00:00:00Z") }, { version: "v2", since: Date.parse("2026-01-04T00:00:00Z") }]);
  });

  it("counts from the oldest stable release of the run that serves the flag the same way", () => {
    const t = [{ env: "prod", stables: [{ version: "v1", since: 0 }, { version: "v2", since: 10 * DAY }, { version: "v3", since: 20 * DAY }], candidate: null }];
    expect(flagSettledness("f", t, lookup)).toEqual([{ env: "prod", state: "unchanged", since: 10 * DAY, version: "v3" }]);
    expect(flagSettledness("g", t, lookup)).toEqual([{ env: "prod", state: "unchanged", since: 20 * DAY, version: "v3" }]);
    expect(flagSettledness("h", t, lookup)).toEqual([{ env: "prod", state: "not-served", version: "v3" }]);
    expect(settledSince(flagSettledness("f", t, lookup), 40 * DAY, 30 * DAY)).toEqual({ settled: false });
    expect(settledSince(flagSettledness("f", t, lookup), 40 * DAY + 1, 30 * DAY)).toEqual({ settled: true, since: 10 * DAY });
  });

  it("needs some environment with a stable release, and all of them settled", () => {
    expect(settledSince([], 1e12, 0)).toEqual({ settled: false });
    const t = [
      { env: "dev", stables: [{ version: "v1", since: 0 }], candidate: null },
      { env: "prod", stables: [], candidate: null },
    ];
    expect(settledSince(flagSettledness("g", t, lookup), 100 * DAY, 30 * DAY).settled).toBe(true);
    const rolling = [{ env: "dev", stables: [{ version: "v2", since: 0 }], candidate: "v3" }];
    expect(flagSettledness("g", rolling, lookup)).toEqual([{ env: "dev", state: "changing", candidate: "v3" }]);
    expect(flagSettledness("f", rolling, lookup)[0].state).toBe("unchanged"); // v3 serves f the same
  });
});
