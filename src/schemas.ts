// Adapter: reads the JSON Schemas shipped in the package's schemas/ directory (next to src/ and dist/).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSchemaValidator, type SchemaSet, type SchemaValidator } from "./core/schema/validator.js";

/** schemas/ in the installed package: works from src/ (tests) and dist/ (built CLI) alike. */
export const SCHEMAS_DIR = fileURLToPath(new URL("../schemas/", import.meta.url));

export const SCHEMA_FILES = {
  project: "project.schema.json",
  flag: "flag.schema.json",
  segment: "segment.schema.json",
  tests: "tests.schema.json",
  condition: "condition.schema.json",
} as const satisfies Record<keyof SchemaSet, string>;

export function loadSchemas(): SchemaSet {
  const read = (name: string): object => JSON.parse(readFileSync(SCHEMAS_DIR + name, "utf8")) as object;
  return {
    project: read(SCHEMA_FILES.project),
    flag: read(SCHEMA_FILES.flag),
    segment: read(SCHEMA_FILES.segment),
    tests: read(SCHEMA_FILES.tests),
    condition: read(SCHEMA_FILES.condition),
  };
}

let cached: SchemaValidator | undefined;

/** The validator, compiled once per process. */
export function schemaValidator(): SchemaValidator {
  cached ??= createSchemaValidator(loadSchemas());
  return cached;
}
