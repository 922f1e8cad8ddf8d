import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Diagnostic } from "../diagnostic.js";
import type { YamlDoc } from "../yaml/doc.js";
import type { MetaSchemas } from "../lint/types.js";
import { ajvErrorsToDiagnostics } from "./errors.js";

export type SchemaKind = "project" | "flag" | "segment" | "tests";

/** The JSON Schemas from schemas/*.json, as loaded by an adapter (core does no fs). */
export interface SchemaSet {
  project: object;
  flag: object;
  segment: object;
  tests: object;
  /** Shared definitions referenced by the others (`condition.schema.json`). */
  condition: object;
}

/** Checks a loaded YAML document against the schema for its kind; returns located diagnostics. */
export interface SchemaValidator {
  validate(kind: SchemaKind, doc: YamlDoc): Diagnostic[];
  /** For lint's check of json flags' own schemas, when compiled at build time. */
  metaSchemas?: MetaSchemas;
}

const addFormats = addFormatsModule.default;

/**
 * The ajv instance every schema is compiled with, the shared condition schema added. `source` keeps the generated
 * code, for writing it out as standalone validators at build time (scripts/compile-schemas.mjs).
 */
export function schemaAjv(schemas: SchemaSet, options: { source?: boolean } = {}): Ajv2020 {
  // verbose: errors carry their schema and data, which the messages use (titles, allowed keys, got-type).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, code: { source: options.source ?? false } });
  addFormats(ajv, ["date", "date-time"]);
  ajv.addSchema(schemas.condition);
  return ajv;
}

/** Compiles every schema once; reuse the result for every file. */
export function createSchemaValidator(schemas: SchemaSet): SchemaValidator {
  const ajv = schemaAjv(schemas);
  return validatorOf({
    project: ajv.compile(schemas.project),
    flag: ajv.compile(schemas.flag),
    segment: ajv.compile(schemas.segment),
    tests: ajv.compile(schemas.tests),
  });
}

/** A validator over compiled validate functions: ajv's own, or the same code written out at build time. */
export function validatorOf(compiled: Record<SchemaKind, ValidateFunction>, metaSchemas?: MetaSchemas): SchemaValidator {
  return {
    metaSchemas,
    validate(kind, doc) {
      const fn = compiled[kind];
      if (fn(doc.value)) return [];
      return ajvErrorsToDiagnostics((fn.errors ?? []) as ErrorObject[], doc);
    },
  };
}
