import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type SchemaKind, loadYaml } from "../src/core/index.js";
import { loadSchemas, SCHEMA_FILES, SCHEMAS_DIR, schemaValidator } from "../src/schemas.js";

const validator = schemaValidator();
const check = (kind: SchemaKind, text: string, file = "flags/x/y.yaml") => {
  const { doc, diagnostics } = loadYaml({ path: file, bytes: new TextEncoder().encode(text) });
  expect(diagnostics).toEqual([]);
  return validator.validate(kind, doc!);
};

const goodProject = `project: acme-web
environments: [dev, qa, staging, dogfood, prod]
pipeline: [staging, dogfood, prod]
rollout:
  prod: { steps: [1, 10, 25, 50, 100], bake: 15m }
  dogfood: { steps: [100] }
context:
  user: string
  team: string
  plan: { enum: [free, pro, enterprise] }
  appVersion: semver
  host: { type: string, static: true }
store: s3://acme-flags/web
`;

const goodFlag = `description: Saved-card checkout flow
owner: "@acme/payments"
kind: release
expires: 2027-03-01
type: boolean
default: false
salt: abc
checks:
  - url-exists: /image/url
environments:
  dev: true
  qa:
    rules:
      - name: staff first
        if: { segment: staff }
        serve: true
    serve: false
  prod:
    rules:
      - if: { team: { in: [T024BE7LD, T0ABCDEF1] } }
        serve: true
      - if: { any: [ { country: { in: [CN, RU] } }, { not: { appVersion: { semver: ">=4.2.0 <5" } } } ], flag: { other.flag: true } }
        serve: false
      - if: { all: [ { host: { glob: "web-canary-*" } }, { now: { after: "2026-01-01T00:00:00Z" } }, { n: { gte: 1, lt: 5 } }, { email: { exists: true } } ] }
        serve: true
    serve: { rollout: { true: 25, false: 75 }, by: user, salt: s }
`;

const goodJsonFlag = `type: json
variations:
  small: { size: 1 }
  large: { size: 10, tags: [a] }
default: small
schema: { type: object }
environments:
  prod: { serve: { rollout: { small: 50, large: 50 } } }
`;

describe("schema files", () => {
  const raw = Object.values(SCHEMA_FILES).map((f) => [f, JSON.parse(readFileSync(SCHEMAS_DIR + f, "utf8"))] as const);

  it("are draft 2020-12 with an $id", () => {
    for (const [file, s] of raw) {
      expect(s.$schema, file).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(s.$id, file).toBe(`https://flagctl.dev/schemas/${file}`);
    }
  });

  it("describe every property, so editors show help", () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === "object") {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const desc = v.description ?? (v.$ref ? undefined : undefined);
          if (typeof desc !== "string" || !desc) missing.push(`${where}.properties.${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`);
    };
    for (const [file, s] of raw) walk(s, file);
    expect(missing).toEqual([]);
  });

  it("share one condition definition", () => {
    const flag = readFileSync(SCHEMAS_DIR + SCHEMA_FILES.flag, "utf8");
    const segment = readFileSync(SCHEMAS_DIR + SCHEMA_FILES.segment, "utf8");
    expect(flag).toContain('"condition.schema.json#/$defs/condition"');
    expect(segment).toContain('"condition.schema.json#/$defs/condition"');
    expect(flag).not.toContain('"any"');
    expect(loadSchemas().condition).toBeDefined();
  });
});

describe("valid fixtures pass", () => {
  it.each([
    ["project", goodProject],
    ["flag", goodFlag],
    ["flag", goodJsonFlag],
    ["flag", "default: 3\ntype: number\nvariations: [1, 3]\nenvironments: {}\n"],
    ["segment", `description: Employees\nif: { any: [ { email: { endsWith: "@acme.com" } }, { team: { in: [T0STAFF01] } } ] }\n`],
    ["segment", "if: { segment: [a, b] }\n"],
    [
      "tests",
      `tests:
  - name: listed teams
    env: prod
    static: { host: web-1 }
    context: { user: U9, team: T024BE7LD }
    expect: { checkout.new-flow: true }
  - name: a quarter
    env: prod
    flag: checkout.new-flow
    population: { size: 10000, vary: user }
    expect: { share: { true: 25 }, tolerance: 1 }
`,
    ],
  ] as const)("%s", (kind, text) => {
    expect(check(kind, text)).toEqual([]);
  });
});

describe("invalid fixtures are reported at the offending node", () => {
  it("an unknown key in a rule, with did-you-mean, at the key", () => {
    const d = check("flag", "default: true\nenvironments:\n  prod:\n    rules:\n      - if: { team: a }\n        serv: true\n    serve: false\n");
    expect(d).toEqual([
      {
        code: "SCHEMA001",
        severity: "error",
        file: "flags/x/y.yaml",
        line: 6,
        column: 9,
        message: "unknown key `serv` in rule (did you mean `serve`?)",
        hint: "rename `serv` to `serve`",
      },
    ]);
  });

  it("a wrong enum value lists the allowed ones, at the value", () => {
    const d = check("flag", "default: 1\ntype: integer\nenvironments: {}\n");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "SCHEMA004", line: 2, column: 7 });
    expect(d[0].message).toContain("expected one of: boolean, string, number, json");
  });

  it("a missing fallthrough serve, at the environment's key", () => {
    const d = check("flag", "default: true\nenvironments:\n  dev: true\n  prod:\n    rules: []\n");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "SCHEMA002", line: 4, column: 3, message: "missing required key `serve` in environment config" });
  });

  it("a missing default, at the top of the file", () => {
    expect(check("flag", "type: boolean\nenvironments: {}\n")).toEqual([expect.objectContaining({ code: "SCHEMA002", line: 1, column: 1 })]);
  });

  it("an unknown operator, with did-you-mean", () => {
    const d = check("segment", "if:\n  appVersion: { semvr: '>=1' }\n");
    expect(d).toEqual([expect.objectContaining({ code: "SCHEMA001", line: 2, column: 17, message: "unknown key `semvr` in attribute test (did you mean `semver`?)" })]);
  });

  it("a list where an attribute wants a value, with a membership hint", () => {
    const d = check("segment", "if:\n  team: [a, b]\n");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "SCHEMA003", line: 2, column: 9 });
    expect(d[0].hint).toBe("to test membership write `team: { in: [...] }`");
  });

  it("a rollout weight that is not a number, at the weight", () => {
    const d = check("flag", "default: a\ntype: string\nenvironments:\n  prod:\n    serve:\n      rollout: { a: 50, b: fifty }\n");
    expect(d).toEqual([expect.objectContaining({ code: "SCHEMA003", line: 6, column: 28 })]);
    expect(d[0].message).toContain("expected a number");
  });

  it("a misspelt rollout in serve", () => {
    const d = check("flag", "default: true\nenvironments:\n  prod: { serve: { rolout: { true: 5 } } }\n");
    expect(d).toEqual([expect.objectContaining({ code: "SCHEMA001", line: 3, column: 20, message: "unknown key `rolout` in rollout (did you mean `rollout`?)" })]);
  });

  it("a bad date, a bad check pointer, several errors in one file", () => {
    const d = check("flag", "default: true\nexpires: 2027-3-1\nchecks:\n  - url-exists: no-slash\n  - url-exist: /x\n");
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual(
      expect.arrayContaining([
        ["SCHEMA005", 2, 10],
        ["SCHEMA005", 4, 17],
        ["SCHEMA001", 5, 5],
      ]),
    );
  });

  it("project: attribute type, rollout steps, store, environments", () => {
    const d = check(
      "project",
      "project: p\nenvironments: [dev, dev]\nrollout:\n  prod: { steps: [0, 200], bake: soon }\ncontext:\n  user: strin\n  plan: { enum: [] }\nstore: ftp://x\n",
      "flagctl.yaml",
    );
    const got = d.map((x) => [x.code, x.line, x.column]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["SCHEMA008", 2, 21],
        ["SCHEMA007", 4, 19],
        ["SCHEMA007", 4, 22],
        ["SCHEMA005", 4, 34],
        ["SCHEMA004", 6, 9],
        ["SCHEMA006", 7, 17],
        ["SCHEMA005", 8, 8],
      ]),
    );
    expect(d.find((x) => x.line === 6)!.message).toContain("did you mean `string`?");
    expect(d.every((x) => x.file === "flagctl.yaml")).toBe(true);
  });

  it("project: a bad environment name says what a name may hold", () => {
    const d = check("project", 'project: p\nenvironments: [dev, "Ünï"]\n', "flagctl.yaml");
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([["SCHEMA005", 2, 21]]);
    expect(d[0].hint).toMatch(/letters, digits/);
  });

  it("tests: a population test needs a flag and a share", () => {
    const d = check("tests", "tests:\n  - name: t\n    env: prod\n    population: { size: 10, vary: user }\n    expect: { tolerance: 1 }\n", "tests/t.yaml");
    expect(d.map((x) => [x.code, x.line, x.column, x.message])).toEqual(
      expect.arrayContaining([
        ["SCHEMA002", 2, 5, "missing required key `flag` in population test"],
        ["SCHEMA002", 5, 5, "missing required key `share` in population expectation"],
      ]),
    );
  });

  it("the top level must be a mapping", () => {
    expect(check("flag", "- a\n- b\n")).toEqual([expect.objectContaining({ code: "SCHEMA003", line: 1, column: 1, message: "expected a mapping, got a list" })]);
  });

  it("never shows raw ajv wording", () => {
    const d = check("flag", "default: [1]\nvariations: {}\nenvironments:\n  prod: { rules: [ { if: { any: [] }, serve: x } ], serve: y }\n");
    expect(d.length).toBeGreaterThan(0);
    for (const x of d) expect(x.message).not.toMatch(/must (NOT )?(have|be|match)/);
  });
});

describe("flag requirements by type", () => {
  it("a flag needs environments (possibly empty)", () => {
    expect(check("flag", "default: true\n")).toEqual([expect.objectContaining({ code: "SCHEMA002", line: 1, column: 1, message: "missing required key `environments` in flag" })]);
    expect(check("flag", "default: true\nenvironments: {}\n")).toEqual([]);
  });

  it("a json flag needs named variations", () => {
    expect(check("flag", "type: json\ndefault: a\nenvironments: {}\n")).toEqual([
      expect.objectContaining({ code: "SCHEMA002", line: 1, column: 1, message: "missing required key `variations` in json flag" }),
    ]);
    expect(check("flag", "type: json\ndefault: a\nvariations: [a, b]\nenvironments: {}\n")).toEqual([
      expect.objectContaining({ code: "SCHEMA003", line: 3, column: 13, message: "`variations`: expected a mapping, got a list" }),
    ]);
  });
});
