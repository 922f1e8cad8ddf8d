// The pure differ on compiled models built from flag specs: every change kind, impact maths, reorder verdicts.
import { describe, expect, it } from "vitest";
import { compileEnv, diffEnv, diffFlag, findBreaking, movedShare, readableCondition, type FlagDiff } from "../src/core/index.js";
import { context } from "./helpers/engine.js";
import { type FlagSpec, project, repo } from "./helpers/model.js";

const model = (flags: Record<string, FlagSpec>, env = "prod") => compileEnv(repo(project(context as never), flags), env);
const one = (a: FlagSpec | undefined, b: FlagSpec | undefined): FlagDiff | undefined =>
  diffFlag("f", a && model({ f: a }).flags.f, b && model({ f: b }).flags.f);
const texts = (d: FlagDiff | undefined) => d?.changes.map((c) => c.text) ?? [];
const kinds = (d: FlagDiff | undefined) => d?.changes.map((c) => c.kind) ?? [];

const rollout = (t: number, extra: Record<string, unknown> = {}) => ({ rollout: { true: t, false: 100 - t }, ...extra });
const withServe = (serve: unknown, rules: unknown[] = []): FlagSpec => ({ default: false, environments: { prod: { rules, serve } } });

describe("rollout impact", () => {
  it("10% → 25% moves exactly 15.000% and reads as one line", () => {
    const d = one(withServe(rollout(10)), withServe(rollout(25)));
    expect(kinds(d)).toEqual(["fallthrough"]);
    expect(texts(d)[0]).toBe("fallthrough rollout true 10% → 25% — moves exactly 15.000% of all units");
    expect(d!.changes[0].impact).toEqual({ audience: "everyone", share: 15, exact: true });
  });

  it("a shrinking rollout, a three-way split and decimals are exact", () => {
    const f = model({ f: withServe(rollout(10)) }).flags.f;
    const s = (w: Record<string, number>) => ({ kind: "rollout" as const, by: "user", salt: "f", weights: Object.entries(w).map(([k, x]) => ({ variation: k === "true" ? 0 : 1, weight: x * 1000 })) });
    expect(movedShare(f, s({ true: 50, false: 50 }), f, s({ true: 12.5, false: 87.5 }))).toEqual({ share: 37.5, exact: true });
    // false first, then true: the ranges swap places, so units move on both sides.
    expect(movedShare(f, s({ true: 30, false: 70 }), f, s({ false: 70, true: 30 }))).toEqual({ share: 60, exact: true });
    expect(movedShare(f, { kind: "value", variation: 0 }, f, s({ true: 25.125, false: 74.875 }))).toEqual({ share: 74.875, exact: true });
  });

  it("a salt or `by` change is an estimate of 1 − Σ wᵢ·w'ᵢ", () => {
    const d = one(withServe(rollout(50)), withServe(rollout(50, { salt: "other" })));
    expect(d!.changes[0].impact).toEqual({ audience: "everyone", share: 50, exact: false });
    expect(texts(d)[0]).toContain("salt f → other");
    expect(texts(d)[0]).toContain("moves about 50.000% of all units (estimate");
    const by = one(withServe(rollout(10)), withServe(rollout(25, { by: "team" })));
    // keep = 0.1*0.25 + 0.9*0.75 = 0.7
    expect(by!.changes[0].impact).toEqual({ audience: "everyone", share: 30, exact: false });
    expect(texts(by)[0]).toContain("by user → team");
  });
});

describe("change kinds", () => {
  it("added and removed flags", () => {
    expect(one(undefined, { default: false, environments: { prod: true } })).toMatchObject({ status: "added", changes: [{ kind: "flag-added", text: "added (boolean): serves true to everyone" }] });
    expect(one({ default: false }, undefined)).toMatchObject({ status: "removed" });
    expect(texts(one({ default: false }, undefined))[0]).toBe("removed (was boolean: no config here: serves the default false)");
  });

  it("type, default, variations (string and json)", () => {
    expect(kinds(one({ type: "string", default: "a" }, { type: "number", default: 1 }))).toContain("type");
    const def = one({ default: false }, { default: true });
    expect(texts(def)).toEqual(["default false → true — moves exactly 100.000% of all units"]);
    expect(texts(one({ type: "string", default: "a", variations: ["a", "b"] }, { type: "string", default: "a", variations: ["a", "c"] }))).toEqual([
      'variation "b" removed',
      'variation "c" added',
    ]);
    const j = one(
      { type: "json", default: "small", variations: { small: { n: 1 }, large: { n: 9 } } },
      { type: "json", default: "small", variations: { small: { n: 2 }, huge: { n: 99 } } },
    );
    expect(texts(j)).toEqual(['variation small value {"n":1} → {"n":2}', "variation large removed", 'variation huge added: {"n":99}']);
  });

  it("env config added/removed, bare value changed, bare value → rules", () => {
    expect(texts(one({ default: false }, { default: false, environments: { prod: true } }))).toEqual([
      "config added: serves true to everyone — moves exactly 100.000% of all units",
    ]);
    expect(kinds(one({ default: false, environments: { prod: true } }, { default: false }))).toEqual(["config-removed"]);
    expect(texts(one({ default: false, environments: { prod: true } }, { default: false, environments: { prod: false } }))).toEqual([
      "value true → false — moves exactly 100.000% of all units",
    ]);
    const toRules = one({ default: false, environments: { prod: true } }, withServe(rollout(25), [{ name: "staff", if: { team: "T1" }, serve: true }]));
    expect(kinds(toRules)).toEqual(["config-kind", "rule-added", "fallthrough"]);
    expect(texts(toRules)[0]).toBe("bare value true → 1 rule, then rollout true 25% / false 75% (by user)");
    expect(texts(toRules)[2]).toBe("fallthrough true → rollout true 25% / false 75% (by user) — moves exactly 75.000% of units matching no rule");
  });

  it("rules added, removed, condition changed, serve changed; conditions read as text", () => {
    const a = withServe(false, [
      { name: "teams", if: { team: { in: ["T1", "T2"] }, country: "US" }, serve: true },
      { name: "old", if: { plan: "free" }, serve: false },
      { if: { country: "CN" }, serve: rollout(10) },
    ]);
    const b = withServe(false, [
      { name: "teams", if: { team: { in: ["T1", "T3"] }, country: "US" }, serve: true },
      { if: { country: "CN" }, serve: rollout(25) },
      { name: "new", if: { any: [{ beta: true }, { email: { endsWith: "@acme.com" } }] }, serve: true },
    ]);
    const d = one(a, b);
    expect(texts(d)).toEqual([
      'rule "old" removed (was: if plan = free serve false)',
      'rule "new" added at position 3: if beta = true or email ends with "@acme.com" serve true',
      'rule "teams" condition: team in [T1, T2] and country = US → team in [T1, T3] and country = US',
      "rule 2 (country = CN): serve rollout true 10% → 25% — moves exactly 15.000% of country = CN",
    ]);
    expect(d!.changes[0].impact).toEqual({ audience: "plan = free" });
  });

  it("salt, owner and expiry", () => {
    const m = (meta: object, salt?: string) => {
      const r = repo(project(context as never), { f: { default: false, ...(salt ? { salt } : {}) } });
      Object.assign(r.flags.get("f")!, meta);
      return compileEnv(r, "prod").flags.f;
    };
    const d = diffFlag("f", m({ owner: "@a", expires: "2027-01-01" }), m({ owner: "@b", expires: "2027-06-01" }, "s2"));
    expect(texts(d)).toEqual(["owner @a → @b", "expires 2027-01-01 → 2027-06-01", "salt f → s2"]);
  });

  it("no change: no diff", () => {
    expect(one(withServe(rollout(10)), withServe(rollout(10)))).toBeUndefined();
  });
});

describe("reordered rules", () => {
  const r1 = { name: "us", if: { country: "US" }, serve: true };
  const r2 = { name: "cn", if: { country: { in: ["CN", "RU"] } }, serve: false };
  const r3 = { name: "staff", if: { team: "T1" }, serve: false };
  const r4 = { name: "staff2", if: { team: "T2" }, serve: true };

  it("disjoint conditions: harmless", () => {
    const d = one(withServe(false, [r1, r2]), withServe(false, [r2, r1]));
    expect(d!.changes).toEqual([{ kind: "rules-reordered", harmless: true, text: expect.stringContaining('"us", "cn" → "cn", "us" (harmless') }]);
  });

  it("same serve: harmless; overlapping with different serves: not", () => {
    expect(one(withServe(false, [r2, r3]), withServe(false, [r3, r2]))!.changes[0].harmless).toBe(true);
    const risky = one(withServe(false, [r1, r3]), withServe(false, [r3, r1]));
    expect(risky!.changes[0]).toMatchObject({ kind: "rules-reordered", harmless: false });
    expect(risky!.changes[0].text).toContain("may change the value");
    // team T1 and team T2 are disjoint even though the serves differ
    expect(one(withServe(false, [r3, r4]), withServe(false, [r4, r3]))!.changes[0].harmless).toBe(true);
  });
});

describe("segments", () => {
  it("a changed segment is reported, and every flag reaching it (directly or through another segment) says so", () => {
    const flags = {
      direct: withServe(false, [{ name: "staff", if: { segment: "staff" }, serve: true }]),
      nested: withServe(false, [{ if: { segment: "insiders" }, serve: true }]),
      other: withServe(false, [{ if: { country: "US" }, serve: true }]),
    };
    const m = (staffTeams: string[]) =>
      compileEnv(repo(project(context as never), flags, { staff: { team: { in: staffTeams } }, insiders: { any: [{ segment: "staff" }, { beta: true }] } }), "prod");
    const d = diffEnv("prod", { label: "a", model: m(["T1"]) }, { label: "b", model: m(["T1", "T9"]) }, { now: 0 });
    expect(d.segments).toEqual([{ name: "staff", status: "changed", text: "segment staff: team in [T1] → team in [T1, T9]" }]);
    expect(d.flags.map((f) => [f.key, f.changes.map((c) => c.text)])).toEqual([
      ["direct", ["uses segment staff: team in [T1] → team in [T1, T9]"]],
      ["nested", ["uses segment staff: team in [T1] → team in [T1, T9]"]],
    ]);
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 2 });
  });
});

describe("readable conditions", () => {
  it("renders nesting with parentheses", () => {
    const m = model({ f: withServe(false, [{ if: { any: [{ team: { in: ["T1", "T2"] }, country: "US" }, { not: { segment: "staff" } }] }, serve: true }]) });
    const c = (m.flags.f.config as { rules: { if: never }[] }).rules[0].if;
    expect(readableCondition(c)).toBe("(team in [T1, T2] and country = US) or not segment staff");
  });
});

describe("sample counting and breaking changes", () => {
  it("counts contexts whose value changes, with the engine", () => {
    const a = model({ f: withServe(false, [{ if: { country: "US" }, serve: true }]), g: { default: false } });
    const b = model({ f: withServe(false, [{ if: { country: { in: ["US", "CA"] } }, serve: true }]), g: { default: false } });
    const contexts = ["US", "CA", "CA", "FR"].map((country) => ({ static: {}, context: { user: "u", country } }));
    const d = diffEnv("prod", { label: "a", model: a }, { label: "b", model: b }, { now: 0, sample: { contexts, source: "test" } });
    expect(d.flags[0].sample).toEqual({ changed: 2, total: 4 });
    expect(d.sample).toEqual({ changed: 2, total: 4, source: "test" });
  });

  it("flags removed, retyped, or json variations removed while deployed", () => {
    const deployed = model({
      gone: { default: false },
      retyped: { type: "string", default: "a" },
      theme: { type: "json", default: "small", variations: { small: 1, large: 2 }, environments: { prod: { rules: [], serve: { rollout: { small: 50, large: 50 } } } } },
    });
    const proposed = model({ retyped: { type: "number", default: 1 }, theme: { type: "json", default: "small", variations: { small: 1 } } });
    const found = findBreaking("prod", proposed, [{ label: "stable v1", model: deployed }]);
    expect(found.map((b) => b.message)).toEqual([
      "flag gone is removed but prod stable v1 still serves it",
      "flag retyped changes type string → number but prod stable v1 still serves string values",
      "flag theme: variation large is removed but prod stable v1 still serves it",
    ]);
  });

  it("string variations: removed from the declared list while served is breaking; undeclared lists are not judged", () => {
    const deployed = model({ ranker: { type: "string", default: "bm25", variations: ["bm25", "ltr"], environments: { prod: { rules: [], serve: { rollout: { bm25: 90, ltr: 10 } } } } } });
    const proposed = model({ ranker: { type: "string", default: "bm25", variations: ["bm25", "neural"], environments: { prod: "bm25" } } });
    const declared = (k: string) => (k === "ranker" ? ["bm25", "neural"] : undefined);
    expect(findBreaking("prod", proposed, [{ label: "stable v1", model: deployed }], declared).map((b) => b.message)).toEqual([
      'flag ranker: variation "ltr" is removed but prod stable v1 still serves it',
    ]);
    expect(findBreaking("prod", proposed, [{ label: "stable v1", model: deployed }])).toEqual([]);
  });
});

describe("text renderer colour", () => {
  it("uses colour only when asked (TTY), never otherwise", async () => {
    const { renderDiffText } = await import("../src/cli/reporters/diff/text.js");
    const a = model({ f: withServe(rollout(10)) });
    const b = model({ f: withServe(rollout(25)) });
    const report = {
      from: "a",
      to: "b",
      envs: [diffEnv("prod", { label: "a", model: a }, { label: "b", model: b }, { now: 0 })],
      breaking: { status: "skipped" as const, detail: "skipped", found: [], allowed: false },
    };
    expect(renderDiffText(report, true)).toContain("\u001b[");
    expect(renderDiffText(report, false)).not.toContain("\u001b[");
    expect(renderDiffText(report, false)).toContain("fallthrough rollout true 10% → 25% — moves exactly 15.000% of all units");
  });
});
