// Adapter: reads the JSON Schemas shipped in the package's schemas/ directory (next to src/ and dist/).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import type { MetaSchemas } from "./core/lint/types.js";
import { createSchemaValidator, validatorOf, type SchemaKind, type SchemaSet, type SchemaValidator } from "./core/schema/validator.js";

/** schemas/ in the installed package: works from src/ (tests) and dist/ (built CLI) alike. */
export const SCHEMAS_DIR = fileURLToPath(new URL("../schemas/", import.meta.url));

export const SCHEMA_FILES = {
  project: "project.schema.json",
  flag: "flag.schema.json",
  segment: "segment.schema.json",
  tests: "tests.schema.json",
  condition: "condition.schema.json",
} as const satisfies Record<keyof SchemaSet, string>;

/**
 * The validators as ajv standalone code, written next to this module in dist/ by `npm run build`
 * (scripts/compile-schemas.mjs), so a run need not compile the schemas (about 100 ms, paid again by each worker
 * thread). Not there when running from src/ (tests); not used if the schema files changed since the build.
 */
export const STANDALONE_FILE = "schemas.standalone.cjs";

type Standalone = Record<SchemaKind, ValidateFunction> & { schemasHash: string; metaSchemas: MetaSchemas };

/** The schema files' text, by kind, and a hash of them all (the standalone code records the one it was built from). */
export function readSchemaTexts(): { texts: Record<keyof SchemaSet, string>; hash: string } {
  const texts = Object.fromEntries(Object.entries(SCHEMA_FILES).map(([kind, name]) => [kind, readFileSync(SCHEMAS_DIR + name, "utf8")]));
  const hash = createHash("sha256");
  for (const kind of Object.keys(SCHEMA_FILES)) hash.update(kind).update("\0").update(texts[kind]).update("\0");
  return { texts: texts as Record<keyof SchemaSet, string>, hash: hash.digest("hex") };
}

export function loadSchemas(): SchemaSet {
  const { texts } = readSchemaTexts();
  const parse = (kind: keyof SchemaSet): object => JSON.parse(texts[kind]) as object;
  return { project: parse("project"), flag: parse("flag"), segment: parse("segment"), tests: parse("tests"), condition: parse("condition") };
}

let cached: SchemaValidator | undefined;

/** The validator, compiled once per process (or at build time). */
export function schemaValidator(): SchemaValidator {
  cached ??= standaloneValidator() ?? createSchemaValidator(loadSchemas());
  return cached;
}

function standaloneValidator(): SchemaValidator | undefined {
  let code: Standalone;
  try {
    code = createRequire(import.meta.url)(`./${STANDALONE_FILE}`) as Standalone;
  } catch {
    // Missing (running from src/) or damaged: it only saves compile time, so compile instead.
    return undefined;
  }
  return code.schemasHash === readSchemaTexts().hash ? validatorOf(code, code.metaSchemas) : undefined;
}
