import { describe, expect, it } from "vitest";
import { plan, previousStable, type PlanInput, type PlanPolicy, type ReleaseAction, envStatus, type Pointer } from "../src/core/index.js";

const loc = { file: "flagctl.yaml", line: 1, column: 1 };
const MIN = 60_000;
const project: PlanPolicy = {
  environments: ["dev", "staging", "dogfood", "prod"],
  pipeline: ["staging", "dogfood", "prod"],
  rollout: {
    prod: { steps: [1, 10, 25, 50, 100], bakeMs: 15 * MIN, loc },
    dogfood: { steps: [100], bakeMs: 0, loc },
  },
};
const T0 = new Date("2026-11-21T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const V1 = "v20261120.100000-aaaaaaa";
const V2 = "v20261121.100000-bbbbbbb";
const V3 = "v20261121.110000-ccccccc";

function ptr(seq: number, stable: string | null, candidate: string | null, percent: number, updatedAt = T0): Pointer {
  return { seq, stable, candidate, percent, updatedAt: updatedAt.toISOString(), by: "alice", reason: "" };
}

function input(env: string, current: Pointer | null, over: Partial<PlanInput> = {}): PlanInput {
  return { project, env, current, history: current ? [current] : [], upstream: null, now: T0, actor: "bob", ...over };
}

function ok(p: ReturnType<typeof plan>): Pointer {
  if (!p.ok) throw new Error(`refused: ${p.code} ${p.reason}`);
  return p.next;
}
function refusal(p: ReturnType<typeof plan>): string {
  if (p.ok) throw new Error(`expected a refusal, got ${JSON.stringify(p.next)}`);
  // Every refusal tells the release captain what to do next.
  expect(p.hint, `${p.code}: ${p.reason}`).toMatch(/\S/);
  return p.code;
}

describe("promote", () => {
  it("refuses an unknown environment", () => {
    expect(refusal(plan(input("nope", null), { kind: "promote", version: V1 }))).toBe("E_UNKNOWN_ENV");
  });

  it("an env outside rollout takes any release straight to stable", () => {
    const next = ok(plan(input("dev", null), { kind: "promote", version: V1 }));
    expect(next).toMatchObject({ stable: V1, candidate: null, percent: 0, by: "bob", updatedAt: T0.toISOString() });
    expect(next.reason).toContain(V1);
  });

  it("the first pipeline env takes any version", () => {
    const next = ok(plan(input("staging", ptr(4, V1, null, 0)), { kind: "promote", version: V2, reason: "ship it" }));
    expect(next).toMatchObject({ stable: V2, candidate: null, reason: "ship it" });
  });

  it("a pipeline env takes only the version stable in the env before it", () => {
    const i = input("dogfood", ptr(1, V1, null, 0), { upstream: ptr(3, V1, V2, 50) });
    const p = plan(i, { kind: "promote", version: V2 });
    expect(refusal(p)).toBe("E_PIPELINE_ORDER");
    expect(!p.ok && p.reason).toContain("not stable in staging");
    expect(refusal(plan({ ...i, upstream: null }, { kind: "promote", version: V2 }))).toBe("E_PIPELINE_ORDER");
    const next = ok(plan({ ...i, upstream: ptr(4, V2, null, 0) }, { kind: "promote", version: V2 }));
    expect(next).toMatchObject({ stable: V2, candidate: null }); // dogfood steps [100]: straight to stable
  });

  it("--force overrides the pipeline only with a reason, and records it", () => {
    const i = input("prod", ptr(1, V1, null, 0), { upstream: ptr(2, V1, null, 0) });
    expect(refusal(plan(i, { kind: "promote", version: V2, force: true }))).toBe("E_FORCE_NEEDS_REASON");
    expect(refusal(plan(i, { kind: "promote", version: V2, force: true, reason: "  " }))).toBe("E_FORCE_NEEDS_REASON");
    const next = ok(plan(i, { kind: "promote", version: V2, force: true, reason: "INC-7 hotfix" }));
    expect(next).toMatchObject({ stable: V1, candidate: V2, percent: 1 });
    expect(next.reason).toBe("INC-7 hotfix [forced: not stable in dogfood]");
  });

  it("a rollout env starts the candidate at the first step, keeping stable", () => {
    const i = input("prod", ptr(9, V1, null, 0), { upstream: ptr(2, V2, null, 0) });
    expect(ok(plan(i, { kind: "promote", version: V2 }))).toMatchObject({ stable: V1, candidate: V2, percent: 1 });
  });

  it("the first promote to a rollout env has no stable yet", () => {
    const i = input("prod", null, { upstream: ptr(2, V2, null, 0) });
    expect(ok(plan(i, { kind: "promote", version: V2 }))).toMatchObject({ stable: null, candidate: V2, percent: 1 });
  });

  it("refuses what is already there", () => {
    expect(refusal(plan(input("dev", ptr(1, V1, null, 0)), { kind: "promote", version: V1 }))).toBe("E_ALREADY_STABLE");
    const i = input("prod", ptr(1, V1, V2, 10), { upstream: ptr(2, V2, null, 0) });
    expect(refusal(plan(i, { kind: "promote", version: V2 }))).toBe("E_ALREADY_CANDIDATE");
    expect(refusal(plan(i, { kind: "promote", version: V2, force: true, reason: "x" }))).toBe("E_ALREADY_CANDIDATE");
  });

  it("refuses to replace a candidate in progress unless forced", () => {
    const i = input("prod", ptr(1, V1, V2, 10), { upstream: ptr(2, V3, null, 0) });
    expect(refusal(plan(i, { kind: "promote", version: V3 }))).toBe("E_CANDIDATE_IN_PROGRESS");
    const next = ok(plan(i, { kind: "promote", version: V3, force: true, reason: "V2 is broken" }));
    expect(next).toMatchObject({ stable: V1, candidate: V3, percent: 1 });
    expect(next.reason).toContain(`replaced candidate ${V2} at 10%`);
  });

  it("promoting the stable version while a candidate runs is refused (use rollback)", () => {
    const i = input("prod", ptr(1, V1, V2, 10), { upstream: ptr(2, V1, null, 0) });
    expect(refusal(plan(i, { kind: "promote", version: V1 }))).toBe("E_ALREADY_STABLE");
    expect(refusal(plan(i, { kind: "promote", version: V1, force: true, reason: "x" }))).toBe("E_ALREADY_STABLE");
  });
});

describe("rollout", () => {
  const prod = (p: Pointer, now = T0, extra: Partial<PlanInput> = {}) => input("prod", p, { now, ...extra });

  it("refuses without a candidate", () => {
    expect(refusal(plan(prod(ptr(1, V1, null, 0)), { kind: "rollout" }))).toBe("E_NO_CANDIDATE");
    expect(refusal(plan(prod(null as unknown as Pointer), { kind: "rollout" }))).toBe("E_NO_CANDIDATE");
  });

  it("refuses before the bake time has passed, and moves on exactly at it", () => {
    const p = ptr(3, V1, V2, 1, T0);
    const early = plan(prod(p, at(15 * MIN - 1)), { kind: "rollout" });
    expect(refusal(early)).toBe("E_BAKING");
    expect(!early.ok && early.dueAt).toBe(at(15 * MIN).toISOString());
    expect(!early.ok && early.reason).toContain("15m");
    expect(ok(plan(prod(p, at(15 * MIN)), { kind: "rollout" }))).toMatchObject({ stable: V1, candidate: V2, percent: 10 });
    expect(ok(plan(prod(p, at(40 * MIN)), { kind: "rollout" }))).toMatchObject({ percent: 10 });
  });

  it("a clock behind the last change is still baking", () => {
    expect(refusal(plan(prod(ptr(3, V1, V2, 1, T0), at(-MIN)), { kind: "rollout" }))).toBe("E_BAKING");
  });

  it("--force skips the bake and records it", () => {
    const next = ok(plan(prod(ptr(3, V1, V2, 1), at(MIN)), { kind: "rollout", force: true }));
    expect(next).toMatchObject({ percent: 10 });
    expect(next.reason).toContain("bake skipped");
    // After the bake, --force records nothing extra.
    expect(ok(plan(prod(ptr(3, V1, V2, 1), at(20 * MIN)), { kind: "rollout", force: true })).reason).not.toContain("forced");
  });

  it("a bake override replaces the policy", () => {
    expect(ok(plan(prod(ptr(3, V1, V2, 1), T0, { bakeMs: 0 }), { kind: "rollout" }))).toMatchObject({ percent: 10 });
    expect(refusal(plan(input("dogfood", ptr(3, V1, V2, 50), { bakeMs: 5000, now: at(4999) }), { kind: "rollout" }))).toBe("E_BAKING");
  });

  it("walks every step and makes the candidate stable at 100%", () => {
    let p = ptr(1, V1, V2, 1, T0);
    const seen: number[] = [];
    for (let i = 1; i <= 4; i++) {
      p = ok(plan(prod(p, at(i * 16 * MIN)), { kind: "rollout" }));
      seen.push(p.percent);
    }
    expect(seen).toEqual([10, 25, 50, 0]);
    expect(p).toMatchObject({ stable: V2, candidate: null, percent: 0 });
  });

  it("--to moves to a chosen percentage, never down, never past the next step without --force", () => {
    const p = ptr(3, V1, V2, 10);
    const later = at(20 * MIN);
    expect(ok(plan(prod(p, later), { kind: "rollout", to: 20 }))).toMatchObject({ percent: 20 });
    expect(ok(plan(prod(p, later), { kind: "rollout", to: 25 }))).toMatchObject({ percent: 25 });
    expect(refusal(plan(prod(p, later), { kind: "rollout", to: 10 }))).toBe("E_BAD_PERCENT");
    expect(refusal(plan(prod(p, later), { kind: "rollout", to: 5 }))).toBe("E_BAD_PERCENT");
    expect(refusal(plan(prod(p, later), { kind: "rollout", to: 101 }))).toBe("E_BAD_PERCENT");
    expect(refusal(plan(prod(p, later), { kind: "rollout", to: Number.NaN }))).toBe("E_BAD_PERCENT");
    expect(refusal(plan(prod(p, later), { kind: "rollout", to: 50 }))).toBe("E_SKIPS_STEP");
    expect(ok(plan(prod(p, later), { kind: "rollout", to: 100, force: true }))).toMatchObject({ stable: V2, candidate: null });
    expect(refusal(plan(prod(p, at(MIN)), { kind: "rollout", to: 20 }))).toBe("E_BAKING");
  });

  it("a candidate in an env without steps goes to 100%", () => {
    const next = ok(plan(input("dev", ptr(2, V1, V2, 30)), { kind: "rollout" }));
    expect(next).toMatchObject({ stable: V2, candidate: null, percent: 0 });
  });
});

describe("rollback", () => {
  it("drops the candidate and keeps stable", () => {
    const next = ok(plan(input("prod", ptr(5, V1, V2, 25)), { kind: "rollback", reason: "errors up" }));
    expect(next).toMatchObject({ stable: V1, candidate: null, percent: 0, reason: "errors up" });
  });

  it("with no candidate returns to the previous stable from history", () => {
    const history = [ptr(1, null, V1, 1), ptr(2, V1, null, 0), ptr(3, V1, V2, 1), ptr(4, V2, null, 0)];
    const next = ok(plan(input("prod", history[3], { history }), { kind: "rollback" }));
    expect(next).toMatchObject({ stable: V1, candidate: null });
  });

  it("repeated rollbacks walk further back instead of toggling", () => {
    const h = [ptr(1, V1, null, 0), ptr(2, V2, null, 0), ptr(3, V3, null, 0)];
    const r1 = ok(plan(input("dev", h[2], { history: h }), { kind: "rollback" }));
    expect(r1.stable).toBe(V2);
    const h2 = [...h, r1];
    const r2 = ok(plan(input("dev", r1, { history: h2 }), { kind: "rollback" }));
    expect(r2.stable).toBe(V1);
    const h3 = [...h2, r2];
    expect(refusal(plan(input("dev", r2, { history: h3 }), { kind: "rollback" }))).toBe("E_NOTHING_TO_ROLL_BACK");
  });

  it("refuses with nothing to return to", () => {
    expect(refusal(plan(input("prod", null), { kind: "rollback" }))).toBe("E_NOTHING_TO_ROLL_BACK");
    expect(refusal(plan(input("dev", ptr(1, V1, null, 0)), { kind: "rollback" }))).toBe("E_NOTHING_TO_ROLL_BACK");
  });

  it("previousStable uses the current pointer even when history lags", () => {
    expect(previousStable([ptr(1, V1, null, 0)], ptr(2, V2, null, 0))).toBe(V1);
    expect(previousStable([], null)).toBeNull();
  });
});

describe("status", () => {
  it("shows what is due and when", () => {
    const s = envStatus(project, "prod", ptr(3, V1, V2, 10, T0), ptr(9, V2, null, 0), at(5 * MIN));
    expect(s).toMatchObject({ stable: V1, candidate: V2, percent: 10, ageMs: 5 * MIN, upstream: "dogfood" });
    expect(s.next).toMatchObject({ kind: "rollout", toPercent: 25, dueInMs: 10 * MIN, dueAt: at(15 * MIN).toISOString() });
    expect(s.next.text).toContain("due in 10m");
    const due = envStatus(project, "prod", ptr(3, V1, V2, 50, T0), null, at(16 * MIN));
    expect(due.next).toMatchObject({ kind: "rollout", toPercent: 100, dueInMs: 0 });
    expect(due.next.text).toContain("due now");
  });

  it("suggests promoting what is stable upstream", () => {
    const s = envStatus(project, "prod", ptr(3, V1, null, 0), ptr(9, V2, null, 0), T0);
    expect(s.next).toMatchObject({ kind: "promote", version: V2, from: "dogfood" });
    expect(envStatus(project, "prod", ptr(3, V2, null, 0), ptr(9, V2, null, 0), T0).next.kind).toBe("nothing");
    const empty = envStatus(project, "dev", null, null, T0);
    expect(empty).toMatchObject({ stable: null, ageMs: null, seq: 0, steps: [100], bakeMs: 0 });
    expect(empty.next.text).toBe("nothing promoted yet");
  });
});

// A random walk of actions never produces an invalid pointer: percent in range, candidate != stable (the store
// numbers each written state, as writePointer would).
describe("invariants", () => {
  it("holds over random action sequences", () => {
    const actions: ReleaseAction[] = [
      { kind: "promote", version: V1 },
      { kind: "promote", version: V2 },
      { kind: "promote", version: V3, force: true, reason: "r" },
      { kind: "rollout" },
      { kind: "rollout", force: true },
      { kind: "rollout", to: 30, force: true },
      { kind: "rollback" },
    ];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (const env of ["dev", "staging", "prod"]) {
      let cur: Pointer | null = null;
      const history: Pointer[] = [];
      for (let i = 0; i < 300; i++) {
        const a = actions[Math.floor(rnd() * actions.length)];
        const p = plan(input(env, cur, { history, upstream: ptr(1, V1, null, 0), now: at(i * 20 * MIN) }), a);
        if (!p.ok) continue;
        expect(p.next.percent).toBeGreaterThanOrEqual(0);
        expect(p.next.percent).toBeLessThan(100);
        expect(p.next.candidate === null ? p.next.percent === 0 : p.next.percent > 0).toBe(true);
        expect(p.next.candidate).not.toBe(p.next.stable);
        cur = { ...p.next, seq: (cur?.seq ?? 0) + 1 };
        history.push(cur);
      }
    }
  });
});
