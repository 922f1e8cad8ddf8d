// One failing and one passing fixture per lint rule. `bad`/`good` override files of BASE; the diagnostic is
// expected in `file` at the `nth` occurrence of `at` in that file's text.
import { PROJECT, flagFile, flagWithCondition, segmentWithCondition } from "./fixtures.js";

export interface Case {
  code: string;
  severity: "error" | "warning";
  name: string;
  bad: Record<string, string | null>;
  good: Record<string, string | null>;
  file: string;
  at: string;
  nth?: number;
  /** Search for `at` only after the first occurrence of this text. */
  after?: string;
  /** A fragment the message must contain (e.g. the cycle or the suggestion). */
  message?: string;
}

const T = "flags/t.yaml";
const project = (from: string, to: string) => ({ "flagctl.yaml": PROJECT.replace(from, to) });

/** A condition case, run both in a flag rule (FLAG<nn>) and in a segment (SEG<nn>). */
function cond(nn: string, name: string, badCond: string, goodCond: string, at: string, message?: string): Case[] {
  return [
    { code: `FLAG${nn}`, severity: "error", name, bad: { [T]: flagWithCondition(badCond) }, good: { [T]: flagWithCondition(goodCond) }, file: T, at, after: "if: ", message },
    { code: `SEG${nn}`, severity: "error", name, bad: segmentWithCondition(badCond), good: segmentWithCondition(goodCond), file: "segments/t.yaml", at, after: "if: ", message },
  ];
}

const rulesEnv = (rules: string, fallthrough = "false") =>
  flagFile(`default: false\nenvironments:\n  prod:\n    rules:\n${rules}    serve: ${fallthrough}\n`);

export const CASES: Case[] = [
  // ---------------------------------------------------------------- flag metadata
  {
    code: "FLAG001", severity: "error", name: "unknown environment",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prd: true\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: true\n") },
    file: T, at: "prd:", message: "did you mean `prod`",
  },
  {
    code: "FLAG002", severity: "error", name: "missing owner",
    bad: { [T]: "description: no owner\ndefault: false\n" },
    good: { [T]: 'description: has owner\nowner: "@a"\ndefault: false\n' },
    file: T, at: "description",
  },
  {
    code: "FLAG003", severity: "error", name: "missing description",
    bad: { [T]: 'owner: "@a"\ndefault: false\n' },
    good: { [T]: 'owner: "@a"\ndescription: x\ndefault: false\n' },
    file: T, at: "owner",
  },
  {
    code: "FLAG004", severity: "error", name: "release flag without expires",
    bad: { [T]: flagFile("kind: release\ndefault: false\n") },
    good: { [T]: flagFile("kind: release\nexpires: 2027-06-01\ndefault: false\n") },
    file: T, at: "kind",
  },
  {
    code: "FLAG005", severity: "error", name: "expires not a date",
    bad: { [T]: flagFile("kind: ops\nexpires: 2027-02-30\ndefault: false\n") },
    good: { [T]: flagFile("kind: ops\nexpires: 2027-02-28\ndefault: false\n") },
    file: T, at: "expires",
  },
  {
    code: "FLAG006", severity: "error", name: "expired",
    bad: { [T]: flagFile("kind: experiment\nexpires: 2026-11-20\ndefault: false\n") },
    good: { [T]: flagFile("kind: experiment\nexpires: 2027-11-20\ndefault: false\n") },
    file: T, at: "expires", message: "1 day ago",
  },
  {
    code: "FLAG007", severity: "warning", name: "expires within 14 days",
    bad: { [T]: flagFile("kind: experiment\nexpires: 2026-12-05\ndefault: false\n") },
    good: { [T]: flagFile("kind: experiment\nexpires: 2026-12-06\ndefault: false\n") },
    file: T, at: "expires", message: "in 14 days",
  },
  // ---------------------------------------------------------------- values
  {
    code: "FLAG008", severity: "error", name: "variation of the wrong type",
    bad: { [T]: flagFile("type: string\nvariations: [a, 1]\ndefault: a\n") },
    good: { [T]: flagFile('type: string\nvariations: [a, "1"]\ndefault: a\n') },
    file: T, at: "1]",
  },
  {
    code: "FLAG008", severity: "error", name: "variation listed twice",
    bad: { [T]: flagFile("type: number\nvariations: [1, 2, 1]\ndefault: 1\n") },
    good: { [T]: flagFile("type: number\nvariations: [1, 2, 3]\ndefault: 1\n") },
    file: T, at: "1]",
  },
  {
    code: "FLAG008", severity: "error", name: "variations on a boolean flag",
    bad: { [T]: flagFile("variations: [true, false]\ndefault: false\n") },
    good: { [T]: flagFile("default: false\n") },
    file: T, at: "variations",
  },
  {
    code: "FLAG009", severity: "error", name: "bare value of the wrong type",
    bad: { [T]: flagFile("type: string\ndefault: a\nenvironments:\n  prod: 42\n") },
    good: { [T]: flagFile('type: string\ndefault: a\nenvironments:\n  prod: "42"\n') },
    file: T, at: "42",
  },
  {
    code: "FLAG009", severity: "error", name: "default of the wrong type",
    bad: { [T]: flagFile("type: number\ndefault: fast\n") },
    good: { [T]: flagFile("type: number\ndefault: 5\n") },
    file: T, at: "default",
  },
  {
    code: "FLAG009", severity: "error", name: "rollout key of a boolean flag",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { yes: 50, false: 50 } }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 50, false: 50 } }\n") },
    file: T, at: "yes",
  },
  {
    code: "FLAG010", severity: "error", name: "rule serve not among variations",
    bad: { [T]: flagFile("type: string\nvariations: [red, blue]\ndefault: red\nenvironments:\n  prod:\n    rules:\n      - if: { team: t1 }\n        serve: green\n    serve: red\n") },
    good: { [T]: flagFile("type: string\nvariations: [red, blue]\ndefault: red\nenvironments:\n  prod:\n    rules:\n      - if: { team: t1 }\n        serve: blue\n    serve: red\n") },
    file: T, at: "green", message: "prod rule #1",
  },
  {
    code: "FLAG010", severity: "error", name: "json flag serves an unknown variation name",
    bad: { [T]: flagFile("type: json\nvariations: { a: 1, b: 2 }\ndefault: a\nenvironments:\n  prod: { rollout: { a: 50, c: 50 } }\n") },
    good: { [T]: flagFile("type: json\nvariations: { a: 1, b: 2 }\ndefault: a\nenvironments:\n  prod: { rollout: { a: 50, b: 50 } }\n") },
    file: T, at: "c: 50",
  },
  // ---------------------------------------------------------------- rollouts
  {
    code: "FLAG011", severity: "error", name: "weights not summing to 100",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 60, false: 50 } }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 50, false: 50 } }\n") },
    file: T, at: "{ rollout", message: "sum to 110",
  },
  {
    code: "FLAG011", severity: "error", name: "weight with 4 decimals",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 33.3333, false: 66.6667 } }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 33.333, false: 66.667 } }\n") },
    file: T, at: "true: 33", message: "more than 3 decimals",
  },
  {
    code: "FLAG011", severity: "error", name: "negative weight",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: -10, false: 110 } }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 0, false: 100 } }\n") },
    file: T, at: "true: -10",
  },
  {
    code: "FLAG012", severity: "error", name: "rollout by an undeclared attribute",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 50, false: 50 }, by: usr }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 50, false: 50 }, by: user }\n") },
    file: T, at: "usr", message: "did you mean `user`",
  },
  // ---------------------------------------------------------------- rules
  {
    code: "FLAG013", severity: "error", name: "same condition as an earlier rule",
    bad: { [T]: rulesEnv("      - if: { team: a }\n        serve: true\n      - name: again\n        if: { team: a }\n        serve: false\n") },
    good: { [T]: rulesEnv("      - if: { team: a }\n        serve: true\n      - name: again\n        if: { team: b }\n        serve: true\n") },
    file: T, at: "name: again", message: "rule #1 has the same condition",
  },
  {
    code: "FLAG013", severity: "error", name: "after an always-true rule",
    bad: { [T]: rulesEnv("      - if: { env: { in: [prod, staging, dev] } }\n        serve: true\n      - name: never\n        if: { team: b }\n        serve: false\n", "true") },
    good: { [T]: rulesEnv("      - if: { beta: true }\n        serve: true\n      - name: never\n        if: { team: b }\n        serve: false\n", "true") },
    file: T, at: "name: never", message: "matches every context",
  },
  {
    code: "FLAG013", severity: "error", name: "env condition that is always true in this environment",
    bad: { [T]: rulesEnv("      - if: { env: prod }\n        serve: true\n      - name: never\n        if: { team: b }\n        serve: false\n", "true") },
    good: { [T]: rulesEnv("      - if: { env: prod, team: a }\n        serve: true\n      - name: never\n        if: { team: b }\n        serve: false\n", "true") },
    file: T, at: "name: never", message: "matches every context",
  },
  {
    code: "FLAG013", severity: "error", name: "condition that cannot hold",
    bad: { [T]: rulesEnv("      - if: { team: a }\n        serve: true\n      - name: never\n        if: { all: [ { team: b }, { team: { in: [] } } ] }\n        serve: true\n") },
    good: { [T]: rulesEnv("      - if: { team: a }\n        serve: true\n      - name: never\n        if: { all: [ { team: b }, { team: { notIn: [] } } ] }\n        serve: true\n") },
    file: T, at: "name: never", message: "never matches",
  },
  {
    code: "FLAG014", severity: "warning", name: "duplicate rule (conditions in another order)",
    bad: { [T]: rulesEnv("      - if: { team: a, plan: pro }\n        serve: true\n      - name: dup\n        if: { plan: pro, team: a }\n        serve: true\n") },
    good: { [T]: rulesEnv("      - if: { team: a, plan: pro }\n        serve: true\n      - name: dup\n        if: { plan: free, team: a }\n        serve: true\n") },
    file: T, at: "name: dup",
  },
  {
    code: "FLAG015", severity: "warning", name: "last rule serves the fallthrough",
    bad: { [T]: rulesEnv("      - if: { team: a }\n        serve: true\n      - name: same\n        if: { team: b }\n        serve: false\n") },
    good: { [T]: rulesEnv("      - if: { team: a }\n        serve: false\n      - name: same\n        if: { team: b }\n        serve: true\n") },
    file: T, at: "name: same",
  },
  {
    code: "FLAG016", severity: "warning", name: "fallthrough after a catch-all rule",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod:\n    rules:\n      - if: {}\n        serve: true\n    serve: false\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod:\n    rules:\n      - if: { beta: true }\n        serve: true\n    serve: false\n") },
    file: T, at: "false\n", nth: 2,
  },
  // ---------------------------------------------------------------- json schema
  {
    code: "FLAG017", severity: "error", name: "invalid schema",
    bad: { [T]: flagFile("type: json\nvariations: { a: {} }\ndefault: a\nschema: { type: objekt }\n") },
    good: { [T]: flagFile("type: json\nvariations: { a: {} }\ndefault: a\nschema: { type: object }\n") },
    file: T, at: "{ type: objekt", message: "not a valid JSON Schema",
  },
  {
    code: "FLAG024", severity: "warning", name: "schema with a format ajv does not know",
    bad: { [T]: flagFile("type: json\nvariations: { a: { at: x } }\ndefault: a\nschema: { properties: { at: { format: date-tme } } }\n") },
    good: { [T]: flagFile("type: json\nvariations: { a: { at: '2027-01-01T00:00:00Z' } }\ndefault: a\nschema: { properties: { at: { format: date-time } } }\n") },
    file: T, at: "{ properties", message: 'unknown format "date-tme" ignored',
  },
  {
    code: "FLAG018", severity: "error", name: "variation fails the schema",
    bad: { [T]: flagFile("type: json\nvariations:\n  small: { height: 0 }\ndefault: small\nschema: { properties: { height: { minimum: 1 } } }\n") },
    good: { [T]: flagFile("type: json\nvariations:\n  small: { height: 1 }\ndefault: small\nschema: { properties: { height: { minimum: 1 } } }\n") },
    file: T, at: "small", message: "at /height: must be >= 1",
  },
  {
    code: "FLAG018", severity: "error", name: "inline default fails the schema file",
    bad: { [T]: flagFile("type: json\nvariations: { a: { h: 1 } }\ndefault: { h: x }\nschema: schemas/h.json\n"), "schemas/h.json": '{"required":["h"],"properties":{"h":{"type":"integer"}}}' },
    good: { [T]: flagFile("type: json\nvariations: { a: { h: 1 } }\ndefault: { h: 2 }\nschema: schemas/h.json\n"), "schemas/h.json": '{"required":["h"],"properties":{"h":{"type":"integer"}}}' },
    file: T, at: "default", message: "schema schemas/h.json",
  },
  // ---------------------------------------------------------------- salts
  {
    code: "FLAG019", severity: "warning", name: "two flags share a salt",
    bad: { "flags/t.yaml": flagFile("salt: shared\ndefault: false\n"), "flags/u.yaml": flagFile("salt: shared\ndefault: false\n") },
    good: { "flags/t.yaml": flagFile("salt: shared\ndefault: false\n"), "flags/u.yaml": flagFile("salt: own\ndefault: false\n") },
    file: "flags/u.yaml", at: "salt", message: "flag `t`",
  },
  {
    code: "FLAG019", severity: "warning", name: "a rollout salt equal to another flag's key",
    bad: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 5, false: 95 }, salt: checkout.new-flow }\n") },
    good: { [T]: flagFile("default: false\nenvironments:\n  prod: { rollout: { true: 5, false: 95 }, salt: t-2026 }\n") },
    file: T, at: "checkout.new-flow",
  },
  // ---------------------------------------------------------------- prerequisites
  ...cond("020", "prerequisite on an unknown flag", "{ flag: { checkout.new-flw: true } }", "{ flag: { checkout.new-flow: true } }", "checkout.new-flw", "did you mean `checkout.new-flow`"),
  ...cond("021", "prerequisite expecting the wrong type", '{ flag: { checkout.new-flow: "yes" } }', "{ flag: { checkout.new-flow: true } }", "checkout.new-flow"),
  ...cond("021", "prerequisite expecting an unknown variation", "{ flag: { search.ranker: bert } }", "{ flag: { search.ranker: neural } }", "search.ranker"),
  {
    code: "FLAG022", severity: "error", name: "prerequisite cycle",
    bad: { "flags/t.yaml": flagWithCondition("{ flag: { u: true } }"), "flags/u.yaml": flagWithCondition("{ flag: { t: true } }") },
    good: { "flags/t.yaml": flagWithCondition("{ flag: { u: true } }"), "flags/u.yaml": flagWithCondition("{ flag: { checkout.new-flow: true } }") },
    file: "flags/t.yaml", at: "u:", message: "t → u → t",
  },
  {
    code: "FLAG022", severity: "error", name: "prerequisite cycle through a segment",
    bad: { "flags/t.yaml": flagWithCondition("{ segment: needs-t }"), "segments/needs-t.yaml": "description: x\nif: { flag: { t: true } }\n" },
    good: { "flags/t.yaml": flagWithCondition("{ segment: needs-t }"), "segments/needs-t.yaml": "description: x\nif: { flag: { checkout.new-flow: true } }\n" },
    file: "flags/t.yaml", at: "segment", message: "t → t (via segment `needs-t`)",
  },
  {
    code: "FLAG023", severity: "error", name: "check pointer that is not a JSON pointer",
    bad: { [T]: flagFile('type: json\nvariations: { a: { url: "https://x" } }\ndefault: a\nchecks:\n  - url-exists: url\n') },
    good: { [T]: flagFile('type: json\nvariations: { a: { url: "https://x" } }\ndefault: a\nchecks:\n  - url-exists: /url\n') },
    file: T, at: "url-exists",
  },
  {
    code: "FLAG023", severity: "error", name: "url check on a number flag",
    bad: { [T]: flagFile('type: number\ndefault: 1\nchecks:\n  - url-exists: ""\n') },
    good: { [T]: flagFile('type: string\ndefault: "https://x"\nchecks:\n  - url-exists: ""\n') },
    file: T, at: "url-exists", message: "number flag",
  },
  // ---------------------------------------------------------------- attributes and operators
  ...cond("030", "unknown attribute", "{ tema: a }", "{ team: a }", "tema", "did you mean `team`"),
  ...cond("031", "numeric operator on an enum", "{ plan: { lt: 3 } }", "{ plan: { in: [pro] } }", "lt"),
  ...cond("031", "semver on a string", '{ team: { semver: ">=1" } }', '{ appVersion: { semver: ">=1" } }', "semver"),
  ...cond("031", "string operator on a number", '{ age: { startsWith: "1" } }', "{ age: { gte: 10 } }", "startsWith"),
  ...cond("031", "before on a non-time attribute", '{ team: { before: "2027-01-01T00:00:00Z" } }', '{ now: { before: "2027-01-01T00:00:00Z" } }', "before"),
  ...cond("032", "enum value not declared", "{ plan: gold }", "{ plan: pro }", "plan", "not a value of `plan`"),
  ...cond("032", "env value not an environment", "{ env: { in: [prod, qa] }, team: a }", "{ env: { in: [prod, dev] }, team: a }", "in"),
  ...cond("033", "number compared with a string attribute", "{ team: 123 }", '{ team: "123" }', "team"),
  ...cond("033", "semver equality with a non-version", "{ appVersion: { in: [4.2] } }", '{ appVersion: { in: ["4.2.0"] } }', "in"),
  // ---------------------------------------------------------------- literals
  ...cond("034", "invalid regex", '{ email: { regex: "([a-z" } }', '{ email: { regex: "([a-z])" } }', "regex"),
  ...cond("039", "regex with a backreference", '{ email: { regex: "(a)\\\\1" } }', '{ email: { regex: "(a)a" } }', "regex"),
  ...cond("039", "regex with lookahead", '{ email: { regex: "^(?!admin)" } }', '{ email: { regex: "^admin" } }', "regex"),
  ...cond("035", "glob with a character class", '{ host: { glob: "web-[0-9]*" } }', '{ host: { glob: "web-?*" } }', "glob"),
  ...cond("035", "empty glob", '{ host: { glob: "" } }', '{ host: { glob: "*" } }', "glob"),
  ...cond("036", "invalid semver range", '{ appVersion: { semver: ">=banana" } }', '{ appVersion: { semver: ">=4.2.0 <5" } }', "semver"),
  ...cond("037", "date without a time", '{ signup: { after: "2027-01-01" } }', '{ signup: { after: "2027-01-01T00:00:00+01:00" } }', "after"),
  ...cond("037", "impossible date-time", '{ now: { before: "2027-02-30T00:00:00Z" } }', '{ now: { before: "2027-02-28T23:59:59.5Z" } }', "before"),
  ...cond("038", "unknown segment", "{ segment: [staf] }", "{ segment: [staff] }", "segment", "did you mean `staff`"),
  // ---------------------------------------------------------------- segments
  {
    code: "SEG001", severity: "warning", name: "unused segment",
    bad: { "segments/t.yaml": "description: unused\nif: { beta: true }\n" },
    good: segmentWithCondition("{ beta: true }"),
    file: "segments/t.yaml", at: "description",
  },
  {
    code: "SEG002", severity: "error", name: "segment cycle",
    bad: { ...segmentWithCondition("{ any: [ { beta: true }, { segment: u } ] }"), "segments/u.yaml": "description: u\nif: { segment: t }\n" },
    good: { ...segmentWithCondition("{ any: [ { beta: true }, { segment: u } ] }"), "segments/u.yaml": "description: u\nif: { segment: staff }\n" },
    file: "segments/t.yaml", at: "segment", message: "t → u → t",
  },
  // ---------------------------------------------------------------- golden tests
  {
    code: "TEST001", severity: "error", name: "unknown environment",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: prd\n    context: { user: u }\n    expect: { cache.ttl: 30 }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u }\n    expect: { cache.ttl: 30 }\n" },
    file: "tests/t.yaml", at: "prd",
  },
  {
    code: "TEST002", severity: "error", name: "unknown flag",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u }\n    expect: { cache.ttl: 30, cache.tll: 30 }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u }\n    expect: { cache.ttl: 30 }\n" },
    file: "tests/t.yaml", at: "cache.tll", message: "did you mean `cache.ttl`",
  },
  {
    code: "TEST002", severity: "error", name: "population test of an unknown flag",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    flag: cache.tll\n    population: { size: 100, vary: user }\n    expect: { share: { 30: 90 } }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    flag: cache.ttl\n    population: { size: 100, vary: user }\n    expect: { share: { 30: 90 } }\n" },
    file: "tests/t.yaml", at: "cache.tll",
  },
  {
    code: "TEST003", severity: "error", name: "unknown context attribute",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u, plam: pro }\n    expect: { cache.ttl: 30 }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u, plan: pro }\n    expect: { cache.ttl: 30 }\n" },
    file: "tests/t.yaml", at: "plam", message: "did you mean `plan`",
  },
  {
    code: "TEST004", severity: "error", name: "expected value not a variation",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u }\n    expect: { cache.ttl: 45 }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    context: { user: u }\n    expect: { cache.ttl: 60 }\n" },
    file: "tests/t.yaml", at: "cache.ttl",
  },
  {
    code: "TEST004", severity: "error", name: "population share of a value the flag cannot serve",
    bad: { "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    flag: checkout.new-flow\n    population: { size: 100, vary: user }\n    expect: { share: { yes: 10 } }\n" },
    good: { "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    flag: checkout.new-flow\n    population: { size: 100, vary: user }\n    expect: { share: { true: 10 } }\n" },
    file: "tests/t.yaml", at: "yes",
  },
  // ---------------------------------------------------------------- project file
  {
    code: "PROJ001", severity: "error", name: "pipeline names an unknown environment",
    bad: project("pipeline: [staging, prod]", "pipeline: [stging, prod]"),
    good: project("pipeline: [staging, prod]", "pipeline: [dev, prod]"),
    file: "flagctl.yaml", at: "stging", message: "did you mean `staging`",
  },
  {
    code: "PROJ002", severity: "error", name: "rollout for an unknown environment",
    bad: project("  prod: { steps", "  prd: { steps"),
    good: project("  prod: { steps", "  staging: { steps"),
    file: "flagctl.yaml", at: "{ steps",
  },
  {
    code: "PROJ003", severity: "error", name: "steps not ascending",
    bad: project("[1, 10, 50, 100]", "[1, 50, 10, 100]"),
    good: project("[1, 10, 50, 100]", "[5, 100]"),
    file: "flagctl.yaml", at: "{ steps", message: "step 3 is 10",
  },
  {
    code: "PROJ003", severity: "error", name: "steps not ending at 100",
    bad: project("[1, 10, 50, 100]", "[1, 10, 50]"),
    good: project("[1, 10, 50, 100]", "[100]"),
    file: "flagctl.yaml", at: "{ steps", message: "end at 50",
  },
  {
    code: "PROJ004", severity: "error", name: "environment listed twice",
    bad: project("environments: [dev, staging, prod]", "environments: [dev, staging, prod, staging]"),
    good: project("environments: [dev, staging, prod]", "environments: [dev, staging, prod, qa]"),
    file: "flagctl.yaml", at: "staging", nth: 2,
  },
  {
    code: "PROJ006", severity: "warning", name: "absolute code path",
    bad: project("context:", "code: [/home/me/web-app]\ncontext:"),
    good: project("context:", "code: [../web-app]\ncontext:"),
    file: "flagctl.yaml", at: "/home/me/web-app",
  },
  {
    code: "PROJ009", severity: "error", name: "gates for an unknown environment",
    bad: project("context:", "gates:\n  prd: [ { run: \"true\" } ]\ncontext:"),
    good: project("context:", "gates:\n  prod: [ { run: \"true\" }, { url: \"http://127.0.0.1:9/health\", timeout: 5s } ]\ncontext:"),
    file: "flagctl.yaml", at: "{ run",
  },
  {
    code: "PROJ005", severity: "error", name: "targetingKey names no string request attribute",
    bad: project("context:\n", "runtime: { targetingKey: usr }\ncontext:\n"),
    good: project("context:\n", "runtime: { targetingKey: user }\ncontext:\n"),
    file: "flagctl.yaml", at: "usr", message: "did you mean",
  },
];
