import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bucket, bucketer, murmur3, hashFrom, stateAfter } from "../src/core/index.js";
import { packedBucketer } from "../src/core/bucket/bucket.js";
import { hashWordsFrom } from "../src/core/bucket/murmur3.js";
import { packUnit } from "../src/core/bucket/packed-unit.js";

// A straightforward reference: encode with TextEncoder, then hash byte blocks.
function referenceMurmur(s: string): number {
  const data = new TextEncoder().encode(s);
  let h = 0;
  const nblocks = data.length >> 2;
  for (let i = 0; i < nblocks; i++) {
    let k = data[i * 4] | (data[i * 4 + 1] << 8) | (data[i * 4 + 2] << 16) | (data[i * 4 + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = nblocks * 4;
  switch (data.length & 3) {
    case 3: k ^= data[tail + 2] << 16; // falls through
    case 2: k ^= data[tail + 1] << 8; // falls through
    case 1:
      k ^= data[tail];
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe("murmur3_x86_32", () => {
  it("matches the SPEC's known values", () => {
    expect(murmur3("")).toBe(0);
    expect(murmur3("hello")).toBe(0x248bfa47);
  });

  it("agrees with a byte-array reference on any string, including astral and lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(murmur3(s)).toBe(referenceMurmur(s));
      }),
      { numRuns: 500 },
    );
    expect(murmur3("\ud800x")).toBe(referenceMurmur("\ud800x"));
    expect(murmur3("a\udc00")).toBe(referenceMurmur("a\udc00"));
  });

  it("resuming from any prefix state gives the same hash as hashing the whole string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        // A surrogate pair split across the two parts is two lone surrogates, not one code point.
        fc.pre(!/[\ud800-\udbff]$/.test(a));
        expect(hashFrom(stateAfter(a), b)).toBe(murmur3(a + b));
      }),
      { numRuns: 500 },
    );
  });
});

describe("a unit packed once into words", () => {
  it("hashes from any prefix state (0-3 pending bytes) as hashFrom does, for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        const st = stateAfter(a);
        const p = packUnit(b)!;
        expect(hashWordsFrom(st, p.words, p.length)).toBe(hashFrom(st, b));
      }),
      { numRuns: 1000 },
    );
  });

  it("buckets as bucketer does, up to the longest packable unit; longer units are not packed", () => {
    // The longest packable units (256 UTF-16 units, up to 3 bytes each) and ones too long to be packed.
    const units = ["user-1234567890abcdef", "u", "", "Zoë", "\u20ac".repeat(256), "\ud83d\ude00".repeat(128), "\ud83d\ude00x", "abc"];
    for (const salt of ["a", "ab", "abc", "abcd", "checkout.new-flow"]) {
      for (const unit of units) expect(packedBucketer(salt)(packUnit(unit)!)).toBe(bucket(salt, unit));
    }
    expect(packUnit("x".repeat(257))).toBeUndefined();
  });
});

describe("bucket (SPEC §3 vectors)", () => {
  const vectors: [string, string, number, number][] = [
    ["checkout.new-flow", "U024BE7LD", 1544160380, 35952],
    ["checkout.new-flow", "user-1", 3652031814, 85030],
    ["search.ranker", "T0001", 697700787, 16244],
    ["checkout.new-flow", "Zoë", 1750417368, 40755],
    ["checkout.new-flow", "", 121803108, 2835],
    ["release:v20261121.120000-abc1234", "web-17", 1454947788, 33875],
  ];
  for (const [salt, unit, h, b] of vectors) {
    it(`${salt} / ${JSON.stringify(unit)} -> ${b}`, () => {
      expect(murmur3(`${salt}/${unit}`)).toBe(h);
      expect(bucket(salt, unit)).toBe(b);
      expect(bucketer(salt)(unit)).toBe(b);
    });
  }

  it("is uniform: chi-square over 100k units in 100 bins stays below the 0.999 critical value", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ maxLength: 8 }), (salt, unitPrefix) => {
        const bins = new Array<number>(100).fill(0);
        const b = bucketer(salt);
        const n = 100_000;
        for (let i = 0; i < n; i++) bins[Math.floor(b(`${unitPrefix}${i}`) / 1000)]++;
        const expected = n / 100;
        const chi = bins.reduce((s, o) => s + ((o - expected) ** 2) / expected, 0);
        // 99 degrees of freedom: p = 0.001 critical value is 148.2.
        expect(chi).toBeLessThan(148.2);
      }),
      // A fixed seed: at p = 0.001 per run, a random one would fail about one suite run in 200.
      { numRuns: 5, seed: 20261121 },
    );
  });
});
