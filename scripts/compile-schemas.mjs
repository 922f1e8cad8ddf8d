// Build step (after tsc): writes the JSON Schemas' validators as ajv standalone code to dist/, so that
// `flagctl validate` and its worker threads load them instead of compiling the schemas on every run.
// dist/schemas.js uses the file only while the schema files hash to what is recorded here.
import { writeFileSync } from "node:fs";
import standaloneCode from "ajv/dist/standalone/index.js";
import { schemaAjv } from "../dist/core/schema/validator.js";
import { loadSchemas, readSchemaTexts, STANDALONE_FILE } from "../dist/schemas.js";

const schemas = loadSchemas();
const ajv = schemaAjv(schemas, { source: true });
const kinds = ["project", "flag", "segment", "tests"];
for (const kind of kinds) ajv.addSchema(schemas[kind], `flagctl:${kind}`);
const code = standaloneCode.default(ajv, Object.fromEntries(kinds.map((k) => [k, `flagctl:${k}`])));
const out = new URL(`../dist/${STANDALONE_FILE}`, import.meta.url);
writeFileSync(out, `${code}\nmodule.exports.schemasHash = ${JSON.stringify(readSchemaTexts().hash)};\n`);
