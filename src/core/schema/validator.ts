import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Diagnostic } from "../diagnostic.js";
import type { YamlDoc } from "../yaml/doc.js";
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
}

const addFormats = addFormatsModule.default;

/** Compiles every schema once; reuse the result for every file. */
export function createSchemaValidator(schemas: SchemaSet): SchemaValidator {
  // verbose: errors carry their schema and data, which the messages use (titles, allowed keys, got-type).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
  addFormats(ajv, ["date", "date-time"]);
  ajv.addSchema(schemas.condition);
  const compiled: Record<SchemaKind, ValidateFunction> = {
    project: ajv.compile(schemas.project),
    flag: ajv.compile(schemas.flag),
    segment: ajv.compile(schemas.segment),
    tests: ajv.compile(schemas.tests),
  };
  return {
    validate(kind, doc) {
      const fn = compiled[kind];
      if (fn(doc.value)) return [];
      return ajvErrorsToDiagnostics((fn.errors ?? []) as ErrorObject[], doc);
    },
  };
}
