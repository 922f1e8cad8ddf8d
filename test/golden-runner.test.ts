import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runTests } from "../src/app/index.js";
import { runGoldenTests, type ExactOutcome, type PopulationOutcome } from "../src/core/index.js";
import { loadRepo, opsFlag, writeRepo } from "./helpers/tempRepo.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const repoOf = (files: Record<string, string>) => {
  const d = writeRepo(files);
  dirs.push(d);
  return loadRepo(d);
};
const now = () => Date.parse("2026-11-21T12:00:00Z");

const FLAGS = {
  "flags/a/beta.yaml": opsFlag(`    rules:\n      - name: big teams\n        if: { seats: { gte: 100 } }\n        serve: true\n      - if: { host: { startsWith: canary } }\n        serve: true\n    serve: { rollout: { true: 30, false: 70 } }\n`),
  "flags/a/launch.yaml": opsFlag(`    rules:\n      - if: { now: { after: "2027-01-01T00:00:00Z" } }\n        serve: true\n    serve: false\n`),
  "flags/a/cfg.yaml": `description: d\nowner: "@t"\nkind: ops\ntype: json\nvariations:\n  small: { n: 1 }\n  large: { n: 9 }\ndefault: small\nenvironments:\n  prod: large\n`,
  "flags/a/hosts.yaml": opsFlag(`    serve: { rollout: { true: 50, false: 50 }, by: host }\n`),
};

describe("runGoldenTests", () => {
  it("reports expected vs actual with the reason and the rule name", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:
  - name: big teams get it
    env: prod
    context: { user: u1, seats: 500 }
    expect: { a.beta: false }
  - name: dev gets it
    env: dev
    context: { user: u1 }
    expect: { a.beta: true }
`,
    });
    const [bad, good] = runGoldenTests(repo, { now }) as ExactOutcome[];
    expect(good.status).toBe("passed");
    expect(bad).toMatchObject({ status: "failed", file: "tests/t.yaml", line: 2, env: "prod" });
    expect(bad.expectations[0]).toMatchObject({ flag: "a.beta", expected: false, actual: true, variation: "true", passed: false, reason: 'RULE_MATCH rule 0 "big teams"', line: 5 });
  });

  it("json flags: the expectation may be the variation name or the whole value", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:
  - { name: by name, env: prod, expect: { a.cfg: large } }
  - { name: by value, env: prod, expect: { a.cfg: { n: 9 } } }
  - { name: wrong name, env: prod, expect: { a.cfg: small } }
  - { name: wrong value, env: dev, expect: { a.cfg: { n: 9 } } }
`,
    });
    const r = runGoldenTests(repo, { now }) as ExactOutcome[];
    expect(r.map((x) => x.status)).toEqual(["passed", "passed", "failed", "failed"]);
    expect(r[3].expectations[0]).toMatchObject({ actual: { n: 1 }, variation: "small", reason: "DEFAULT" });
  });

  it("attributes go where their declaration says, whichever of static:/context: holds them", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:
  - { name: static host in context, env: prod, context: { user: zz, host: canary-1 }, expect: { a.beta: true } }
  - { name: request attribute in static, env: prod, static: { seats: 200 }, context: { user: zz }, expect: { a.beta: true } }
`,
    });
    expect(runGoldenTests(repo, { now }).map((x) => x.status)).toEqual(["passed", "passed"]);
  });

  it("time conditions use the given clock unless the context has now", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:
  - { name: clock, env: prod, expect: { a.launch: false } }
  - { name: context now, env: prod, context: { now: "2027-02-01T00:00:00Z" }, expect: { a.launch: true } }
`,
    });
    expect(runGoldenTests(repo, { now }).map((x) => x.status)).toEqual(["passed", "passed"]);
    const later = () => Date.parse("2027-06-01T00:00:00Z");
    expect(runGoldenTests(repo, { now: later }).map((x) => x.status)).toEqual(["failed", "passed"]);
  });

  it("population tests count synthetic units, pass within tolerance and fail outside it", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:
  - name: thirty percent
    env: prod
    flag: a.beta
    population: { size: 5000, vary: user }
    expect: { share: { true: 30, false: 70 }, tolerance: 2 }
  - name: wrong share
    env: prod
    flag: a.beta
    population: { size: 5000, vary: user }
    expect: { share: { true: 50 }, tolerance: 2 }
  - name: by a static attribute
    env: prod
    flag: a.hosts
    population: { size: 2000, vary: host }
    expect: { share: { true: 50 }, tolerance: 4 }
`,
    });
    const [ok, bad, hosts] = runGoldenTests(repo, { now }) as PopulationOutcome[];
    expect(ok.status).toBe("passed");
    expect(ok.shares.map((s) => s.variation)).toEqual(["true", "false"]);
    expect(ok.shares[0].actual + ok.shares[1].actual).toBeCloseTo(100, 6);
    expect(Math.abs(ok.shares[0].actual - 30)).toBeLessThanOrEqual(2);
    expect(bad.status).toBe("failed");
    expect(bad.shares[0]).toMatchObject({ variation: "true", expected: 50, passed: false, line: 11 });
    // The share is the same as the passing test's: the units are deterministic.
    expect(bad.shares[0].actual).toBe(ok.shares[0].actual);
    expect(bad.shares[1]).toMatchObject({ variation: "false", expected: null, passed: true });
    expect(hosts.status).toBe("passed");
    expect(hosts.shares[0].actual).not.toBe(0);
  });

  it("filter keeps tests whose name, file or flag matches", () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:\n  - { name: one, env: dev, expect: { a.beta: true } }\n  - { name: two, env: dev, expect: { a.launch: false } }\n`,
    });
    expect(runGoldenTests(repo, { now, filter: "LAUNCH" }).map((r) => r.name)).toEqual(["two"]);
    expect(runGoldenTests(repo, { now, filter: "one" }).map((r) => r.name)).toEqual(["one"]);
  });

  it("runTests sums up", async () => {
    const repo = repoOf({
      ...FLAGS,
      "tests/t.yaml": `tests:\n  - { name: one, env: dev, expect: { a.beta: true } }\n  - { name: two, env: prod, expect: { a.launch: true } }\n`,
    });
    const s = await runTests(repo, { now });
    expect([s.passed, s.failed, s.skipped, s.results.length]).toEqual([1, 1, 0, 2]);
  });
});
