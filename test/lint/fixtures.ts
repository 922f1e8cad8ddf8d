// A small repo that lints clean, and helpers to vary one file of it per rule case.
import { lintRepo, type Diagnostic } from "../../src/core/index.js";
import { repoFromFiles } from "../helpers/repo.js";

export const TODAY = "2026-11-21";

export const PROJECT = `project: acme
environments: [dev, staging, prod]
pipeline: [staging, prod]
rollout:
  prod: { steps: [1, 10, 50, 100], bake: 15m }
context:
  user: string
  team: string
  email: string
  plan: { enum: [free, pro, enterprise] }
  appVersion: semver
  age: number
  beta: boolean
  signup: time
  host: { type: string, static: true }
`;

export const BASE: Record<string, string> = {
  "flagctl.yaml": PROJECT,
  "flags/checkout/new-flow.yaml": `description: Saved-card checkout
owner: "@acme/payments"
kind: release
expires: 2027-06-01
default: false
environments:
  dev: true
  prod:
    rules:
      - name: staff
        if: { segment: staff }
        serve: true
      - if: { plan: { in: [pro, enterprise] }, appVersion: { semver: ">=4.2.0 <5" } }
        serve: { rollout: { true: 50, false: 50 } }
    serve: { rollout: { true: 10, false: 90 }, by: user }
`,
  "flags/ui/banner.yaml": `description: Banner size
owner: "@acme/web"
kind: ops
type: json
variations:
  small: { height: 40 }
  large: { height: 90 }
default: small
schema: { type: object, required: [height], properties: { height: { type: integer, minimum: 1 } } }
environments:
  prod:
    rules:
      - if: { flag: { checkout.new-flow: true } }
        serve: large
    serve: small
`,
  "flags/search/ranker.yaml": `description: Search ranking model
owner: "@acme/search"
kind: experiment
expires: 2027-01-31
type: string
variations: [bm25, neural]
default: bm25
environments:
  prod:
    rules:
      - if: { segment: beta-users, host: { glob: "web-canary-*" } }
        serve: neural
      - if: { email: { regex: "^qa\\\\+.*@acme\\\\.com$" }, age: { gte: 18 }, signup: { after: "2026-01-01T00:00:00Z" } }
        serve: { rollout: { bm25: 33.333, neural: 66.667 }, by: team, salt: ranker-2026 }
    serve: bm25
`,
  "flags/cache/ttl.yaml": `description: Cache TTL in seconds
owner: "@acme/platform"
kind: ops
type: number
variations: [30, 60]
default: 30
environments:
  staging: 60
  prod: { rollout: { 30: 90, 60: 10 } }
`,
  "segments/staff.yaml": `description: Employees
if: { email: { endsWith: "@acme.com" } }
`,
  "segments/beta-users.yaml": `description: Beta testers and staff
if: { any: [ { segment: staff }, { beta: true } ] }
`,
  "tests/main.yaml": `tests:
  - name: staff get the new flow
    env: prod
    static: { host: web-1 }
    context: { user: U1, email: a@acme.com }
    expect: { checkout.new-flow: true, ui.banner: large, cache.ttl: 30 }
  - name: a tenth of users
    env: prod
    flag: checkout.new-flow
    population: { size: 1000, vary: user }
    expect: { share: { true: 10 }, tolerance: 2 }
`,
};

/** A flag file with owner and description, so a case differs only in what it is about. */
export const flagFile = (rest: string): string => `description: Test flag\nowner: "@acme/test"\n${rest}`;

/** A boolean flag whose prod environment has one rule with the given condition. */
export const flagWithCondition = (cond: string): string =>
  flagFile(`default: false\nenvironments:\n  prod:\n    rules:\n      - if: ${cond}\n        serve: true\n    serve: false\n`);

/** A segment with the given condition, plus a flag that uses it (so it is not reported unused). */
export const segmentWithCondition = (cond: string): Record<string, string> => ({
  "segments/t.yaml": `description: Test audience\nif: ${cond}\n`,
  "flags/uses-t.yaml": flagWithCondition("{ segment: t }"),
});

export function lintFiles(overrides: Record<string, string | null>): { diagnostics: Diagnostic[]; parse: Diagnostic[] } {
  const files: Record<string, string> = { ...BASE };
  for (const [path, text] of Object.entries(overrides)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  const { repo, diagnostics: parse } = repoFromFiles(files);
  return { diagnostics: lintRepo(repo, { today: TODAY }), parse };
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`: where a diagnostic should point. */
export function position(text: string, needle: string, nth = 1, after?: string): { line: number; column: number } {
  let at = after === undefined ? -1 : text.indexOf(after);
  if (at < 0 && after !== undefined) throw new Error(`fixture has no ${JSON.stringify(after)}`);
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture has no occurrence ${nth} of ${JSON.stringify(needle)}`);
  }
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
