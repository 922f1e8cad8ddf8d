// The build writes the schema validators as ajv standalone code (scripts/compile-schemas.mjs) and dist/ uses it:
// it must report exactly what the validators compiled at run time report. Runs from dist/: `npm run build` first.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type SchemaKind, type SchemaValidator, loadYaml } from "../src/core/index.js";

const DIST = resolve(import.meta.dirname, "../dist");

const project = `project: acme
environments: [dev, prod, dev]
pipeline: [prod, nope]
rollout:
  prod: { steps: [1, 200], bake: soon }
context:
  user: strin
  plan: { enum: [] }
  host: { type: string, static: yes, extra: 1 }
store: 7
`;

/** Broken (and a few valid) documents touching every kind of schema error the messages handle. */
const corpus: [SchemaKind, string][] = [
  ["project", project],
  ["project", "environments: dev\n"],
  ["project", "project: ''\nenvironments: []\nunknown: 1\n"],
  ["flag", "default: true\nenvironments:\n  prod:\n    rules:\n      - if: { team: a }\n        serv: true\n    serve: false\n"],
  ["flag", "default: 1\ntype: integer\nenvironments: {}\n"],
  ["flag", "default: true\nenvironments:\n  dev: true\n  prod:\n    rules: []\n"],
  ["flag", "type: boolean\nenvironments: {}\n"],
  ["flag", "default: a\ntype: string\nenvironments:\n  prod:\n    serve:\n      rollout: { a: 50, b: fifty }\n"],
  ["flag", "default: a\ntype: string\nexpires: 2027-13-45\nkind: forever\nowner: [x]\nvariations: [a, a]\nenvironments:\n  prod: { serve: { rollout: {}, by: 3 } }\n"],
  ["flag", "default: a\ntype: json\nschema: 5\nvariations: [1]\nchecks: [ { url-exists: 1 }, { other: x } ]\nenvironments: { prod: { rules: [ { if: [], serve: a } ], serve: a } }\n"],
  ["flag", "default: false\nenvironments:\n  prod:\n    rules:\n      - if: { any: [], all: {}, not: [], segment: 3, flag: { a: [1] }, appVersion: { semver: 1, lt: x, in: 3, exists: maybe } }\n        serve: true\n    serve: false\n"],
  ["flag", "description: Saved-card checkout\nowner: '@acme/payments'\nkind: release\nexpires: 2027-03-01\ntype: boolean\ndefault: false\nenvironments:\n  dev: true\n"],
  ["segment", "if:\n  appVersion: { semvr: '>=1' }\n"],
  ["segment", "if:\n  team: [a, b]\n"],
  ["segment", "description: 3\nif: 4\nextra: true\n"],
  ["tests", "tests:\n  - name: x\n    env: 3\n    context: []\n    expect: 5\n  - flag: f\n    population: { size: -1, vary: 2 }\n    expect: { share: { true: 250 }, tolerance: x }\n"],
  ["tests", "tests: {}\n"],
];

describe("standalone schema validators", () => {
  it("are built, match the schema files, and report exactly what ajv's run-time compile reports", async () => {
    if (!existsSync(`${DIST}/schemas.js`)) throw new Error("dist/ is missing: run `npm run build` first");
    const schemas = await import(`${DIST}/schemas.js`);
    const { createSchemaValidator, validatorOf } = await import(`${DIST}/core/schema/validator.js`);
    const code = createRequire(import.meta.url)(`${DIST}/${schemas.STANDALONE_FILE}`);
    expect(code.schemasHash).toBe(schemas.readSchemaTexts().hash);

    const standalone: SchemaValidator = validatorOf(code);
    const compiled: SchemaValidator = createSchemaValidator(schemas.loadSchemas());
    const used: SchemaValidator = schemas.schemaValidator();
    let reported = 0;
    for (const [kind, text] of corpus) {
      const { doc } = loadYaml({ path: `x/${kind}.yaml`, bytes: new TextEncoder().encode(text) });
      const want = compiled.validate(kind, doc!);
      expect(standalone.validate(kind, doc!), text).toEqual(want);
      expect(used.validate(kind, doc!), text).toEqual(want);
      reported += want.length;
    }
    expect(reported).toBeGreaterThan(40);
  });
});

// json flags' own schemas are checked against their dialect's meta-schema, compiled at build time into the same
// file: every message must be what ajv's own compile (meta-schema compiled at run time) gives.
describe("standalone meta-schemas (FLAG017)", () => {
  const dialects = [undefined, "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#", "http://json-schema.org/draft-04/schema#", "https://example.com/custom", 7];
  const bodies: object[] = [
    {}, { type: "object" }, { type: "objectx" }, { type: ["string", 3] }, { minimum: "1" }, { required: "a" }, { required: ["a", "a"] },
    { properties: { a: { type: "integer", minimum: 0 } }, additionalProperties: false }, { properties: [] }, { items: 3 }, { $id: 5 }, { $id: "x:y" },
    { $ref: 5 }, { enum: [] }, { enum: 1 }, { pattern: "(" }, { pattern: 3 }, { format: 1 }, { $defs: { a: { type: "nope" } } }, { definitions: { a: { type: "nope" } } },
    { anyOf: [] }, { oneOf: [{ type: "string" }, { type: 4 }] }, { if: { const: 1 }, then: false, else: { maxLength: -1 } }, { prefixItems: 3 }, { $dynamicRef: 1 },
    { $defs: { a: { $id: "https://x/a" }, b: { $id: "https://x/a", type: 1 } }, type: "nope" }, { $id: "https://json-schema.org/draft/2020-12/schema", type: "x" },
    { dependentRequired: { a: 1 } }, { multipleOf: 0 }, { uniqueItems: "yes" }, { unevaluatedProperties: 3 }, { contentMediaType: 1 },
  ];
  it("report exactly what ajv's run-time compile reports, in every dialect", async () => {
    const code = createRequire(import.meta.url)(`${DIST}/schemas.standalone.cjs`);
    const { compileSchema, newEngine, schemaEngines } = await import(`${DIST}/core/lint/json-schema.js`);
    expect(Object.keys(code.metaSchemas).length).toBe(3);
    const viaAjv = (schema: Record<string, unknown>): string => {
      const d = typeof schema.$schema === "string" && /draft-0[4-7]/.test(schema.$schema) ? "d7" : String(schema.$schema ?? "").includes("2019-09") ? "d2019" : "d2020";
      try {
        newEngine(d).compile(schema);
        return "ok";
      } catch (err) {
        return (err as Error).message.split("\n")[0];
      }
    };
    const viaBuild = (schema: object): string => {
      const c = compileSchema(schema, engines);
      return "error" in c ? c.error : "ok";
    };
    const engines = schemaEngines(code.metaSchemas);
    let invalid = 0;
    for (const $schema of dialects) {
      for (const body of bodies) {
        const schema = $schema === undefined ? { ...body } : { $schema, ...body };
        const want = viaAjv(schema);
        expect(viaBuild(schema), JSON.stringify(schema)).toBe(want);
        if (want.startsWith("schema is invalid")) invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(60);
  });
});
