import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Flag, JsonValue, Repo } from "../model.js";
import { defineRule } from "./rule.js";
import type { LintRun, MetaSchemas } from "./types.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Compiled = { validate: ValidateFunction; warnings: string[] } | { error: string };
type Dialect = "d7" | "d2019" | "d2020";

/** Each dialect's meta-schema URI (what `ajv.defaultMeta()` returns, without compiling the meta-schema as it does). */
export const META_SCHEMA_URI: Record<Dialect, string> = {
  d7: "http://json-schema.org/draft-07/schema",
  d2019: "https://json-schema.org/draft/2019-09/schema",
  d2020: "https://json-schema.org/draft/2020-12/schema",
};
const ENGINE_OPTIONS = { allErrors: true, strict: false, validateFormats: true } as const;
const ENGINES: Record<Dialect, new (opts: object) => Ajv> = { d7: Ajv, d2019: Ajv2019 as unknown as new (opts: object) => Ajv, d2020: Ajv2020 as unknown as new (opts: object) => Ajv };
/** One engine per dialect, as ajv would build it, plus the build-time generator's `code` options. */
export const newEngine = (dialect: Dialect, extra: object = {}): Ajv => addFormats(new ENGINES[dialect]({ ...ENGINE_OPTIONS, ...extra }));

/** Picks (or makes) the engine for a schema; `warned` collects ajv's warnings, emptied by each compile. */
type EngineFor = ((schema: object | boolean, fresh?: boolean) => Ajv) & { warned: string[] };

/**
 * A lint run's ajv engines, one per dialect, made on first use. ajv checks a schema against its dialect's
 * meta-schema before compiling it; compiling the meta-schema itself costs ~60 ms, so where the build compiled
 * it (`metaSchemas`) the engine's check runs that code instead, at the same point and with the same messages.
 */
export function schemaEngines(metaSchemas: MetaSchemas = {}): EngineFor {
  const engines = new Map<Dialect, Ajv>();
  // ajv's warnings (an unknown `format`, then ignored) go to the schema's lint result, not to stderr.
  const warned: string[] = [];
  const logger = { log: () => undefined, warn: (...a: unknown[]) => void warned.push(a.join(" ")), error: (...a: unknown[]) => void warned.push(a.join(" ")) };
  const engineFor = (schema: object | boolean, fresh = false): Ajv => {
    const declared = typeof schema === "object" ? String((schema as { $schema?: unknown }).$schema ?? "") : "";
    const d: Dialect = /draft-0[4-7]/.test(declared) ? "d7" : declared.includes("2019-09") ? "d2019" : "d2020";
    const make = () => withBuiltMeta(newEngine(d, { logger }), META_SCHEMA_URI[d], metaSchemas);
    if (fresh) return make();
    let ajv = engines.get(d);
    if (!ajv) engines.set(d, (ajv = make()));
    return ajv;
  };
  return Object.assign(engineFor, { warned });
}

function withBuiltMeta(ajv: Ajv, defaultMeta: string, metaSchemas: MetaSchemas): Ajv {
  const meta = metaSchemas[defaultMeta];
  if (!meta) return ajv;
  const own = ajv.validateSchema.bind(ajv);
  ajv.validateSchema = (schema, throwOrLogError) => {
    const declared = typeof schema === "object" ? (schema as { $schema?: unknown }).$schema : undefined;
    if (typeof schema !== "object" || (declared !== undefined && (typeof declared !== "string" || declared.replace(/#$/, "") !== defaultMeta))) return own(schema, throwOrLogError);
    const valid = meta(schema);
    ajv.errors = valid ? null : meta.errors;
    if (!valid && throwOrLogError) throw new Error(`schema is invalid: ${ajv.errorsText()}`);
    return valid;
  };
  return ajv;
}

// Flags often share one schema file; a lint run compiles each distinct schema once (both rules use it).
const compiledIn = (ctx: LintRun, schema: JsonValue): Compiled =>
  ctx.memo(`schema:${JSON.stringify(schema)}`, () => compileSchema(schema, ctx.memo("schema-engines", () => schemaEngines(ctx.metaSchemas))));

export function compileSchema(schema: JsonValue, engineFor: EngineFor = schemaEngines()): Compiled {
  let c: Compiled;
  try {
    if (typeof schema !== "object" && typeof schema !== "boolean") throw new Error("a schema must be an object or a boolean");
    if (schema === null || Array.isArray(schema)) throw new Error("a schema must be an object or a boolean");
    // ajv keeps every $id it has seen (even from a schema that then failed): an $id reused by different schemas
    // must not collide, so a schema with any $id gets an engine of its own.
    const ajv = engineFor(schema, JSON.stringify(schema).includes('"$id"'));
    engineFor.warned.length = 0;
    c = { validate: ajv.compile(schema as object), warnings: [...new Set(engineFor.warned)] };
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

/** Every json flag that has a schema, with the schema compiled (once per distinct schema per run). */
const jsonSchemas = (repo: Repo, ctx: LintRun) =>
  [...repo.flags.values()].flatMap((flag) => (flag.type === "json" && flag.schema ? [{ flag, loc: flag.schema.loc, c: compiledIn(ctx, flag.schema.schema) }] : []));

export const invalidSchema = defineRule(
  "FLAG017", "error",
  "A json flag's `schema` is not a valid JSON Schema.",
  "fix the schema (draft 2020-12 unless it declares another `$schema`)",
  (repo, report, ctx) => {
    for (const { flag, loc, c } of jsonSchemas(repo, ctx)) if ("error" in c) report(loc, `${schemaName(flag)} of \`${flag.key}\` is not a valid JSON Schema: ${c.error}`);
  },
);

export const schemaWarning = defineRule(
  "FLAG024", "warning",
  "ajv warns about a json flag's `schema`: a `format` it does not know is ignored, so values are not checked against it.",
  "use a known format (date-time, email, uri, uuid, ...) or remove it",
  (repo, report, ctx) => {
    for (const { flag, loc, c } of jsonSchemas(repo, ctx)) if ("warnings" in c) for (const w of c.warnings) report(loc, `${schemaName(flag)} of \`${flag.key}\`: ${w}`);
  },
);

export const failsSchema = defineRule(
  "FLAG018", "error",
  "A json flag's variation or default does not validate against the flag's `schema`.",
  "change the value so it satisfies the schema, or widen the schema",
  (repo, report, ctx) => {
    for (const { flag, c } of jsonSchemas(repo, ctx)) {
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
