import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Flag, JsonValue } from "../model.js";
import { defineRule } from "./rule.js";
import type { LintRun } from "./types.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Compiled = { validate: ValidateFunction } | { error: string };

let engines: { d7: Ajv; d2019: Ajv; d2020: Ajv } | undefined;
function engineFor(schema: JsonValue): Ajv {
  if (!engines) {
    const opts = { allErrors: true, strict: false, validateFormats: true } as const;
    engines = {
      d7: addFormats(new Ajv(opts)),
      d2019: addFormats(new Ajv2019(opts) as unknown as Ajv),
      d2020: addFormats(new Ajv2020(opts) as unknown as Ajv),
    };
  }
  const dialect = typeof schema === "object" && schema !== null && !Array.isArray(schema) ? String(schema.$schema ?? "") : "";
  if (/draft-0[4-7]/.test(dialect)) return engines.d7;
  if (dialect.includes("2019-09")) return engines.d2019;
  return engines.d2020;
}

// Flags often share one schema file; a lint run compiles each distinct schema once (both rules use it).
const compiledIn = (ctx: LintRun, schema: JsonValue): Compiled => ctx.memo(`schema:${JSON.stringify(schema)}`, () => compileSchema(schema));

export function compileSchema(schema: JsonValue): Compiled {
  let c: Compiled;
  try {
    if (typeof schema !== "object" && typeof schema !== "boolean") throw new Error("a schema must be an object or a boolean");
    if (schema === null || Array.isArray(schema)) throw new Error("a schema must be an object or a boolean");
    // ajv caches by $id; an $id reused across different schemas must not collide, so compile without it cached.
    const ajv = engineFor(schema);
    const validate = ajv.compile(schema as object);
    if (typeof schema === "object" && "$id" in schema) ajv.removeSchema(schema as object);
    c = { validate };
  } catch (err) {
    c = { error: (err as Error).message.split("\n")[0] };
  }
  return c;
}

/** "at /size: must be >= 1; at /: must have required property 'height'" */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const extra = e.keyword === "additionalProperties" ? ` (\`${(e.params as { additionalProperty: string }).additionalProperty}\`)` : e.keyword === "enum" ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})` : "";
      return `at ${e.instancePath || "/"}: ${e.message ?? e.keyword}${extra}`;
    })
    .join("; ");
}

const schemaName = (flag: Flag) => (flag.schema?.path ? `schema ${flag.schema.path}` : "the flag's schema");

export const invalidSchema = defineRule(
  "FLAG017", "error",
  "A json flag's `schema` is not a valid JSON Schema.",
  "fix the schema (draft 2020-12 unless it declares another `$schema`)",
  (repo, report, ctx) => {
    for (const flag of repo.flags.values()) {
      if (flag.type !== "json" || !flag.schema) continue;
      const c = compiledIn(ctx, flag.schema.schema);
      if ("error" in c) report(flag.schema.loc, `${schemaName(flag)} of \`${flag.key}\` is not a valid JSON Schema: ${c.error}`);
    }
  },
);

export const failsSchema = defineRule(
  "FLAG018", "error",
  "A json flag's variation or default does not validate against the flag's `schema`.",
  "change the value so it satisfies the schema, or widen the schema",
  (repo, report, ctx) => {
    for (const flag of repo.flags.values()) {
      if (flag.type !== "json" || !flag.schema) continue;
      const c = compiledIn(ctx, flag.schema.schema);
      if (!("validate" in c)) continue;
      for (const v of flag.variations ?? []) {
        if (!c.validate(v.value)) report(v.loc ?? flag.locs.variations ?? flag.loc, `variation \`${v.name}\` fails ${schemaName(flag)}: ${describeErrors(c.validate.errors)}`);
      }
      // A string default naming no variation is reported by FLAG010; validating it as a value would only add noise.
      const misnamed = typeof flag.default === "string" && flag.variations !== undefined;
      if (flag.defaultVariation === undefined && flag.locs.default && !misnamed && !c.validate(flag.default)) {
        report(flag.locs.default, `default fails ${schemaName(flag)}: ${describeErrors(c.validate.errors)}`);
      }
    }
  },
);
