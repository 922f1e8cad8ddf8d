// Build step (after tsc): writes the JSON Schemas' validators as ajv standalone code to dist/, so that
// `flagctl validate` and its worker threads load them instead of compiling the schemas on every run; likewise
// the JSON Schema meta-schemas that json flags' own schemas are checked against.
// dist/schemas.js uses the file only while the schema files hash to what is recorded here.
import { writeFileSync } from "node:fs";
import standaloneCode from "ajv/dist/standalone/index.js";
import { schemaAjv } from "../dist/core/schema/validator.js";
import { loadSchemas, readSchemaTexts, STANDALONE_FILE } from "../dist/schemas.js";
import { META_SCHEMA_URI, newEngine } from "../dist/core/lint/json-schema.js";

const schemas = loadSchemas();
const ajv = schemaAjv(schemas, { source: true });
const kinds = ["project", "flag", "segment", "tests"];
for (const kind of kinds) ajv.addSchema(schemas[kind], `flagctl:${kind}`);
const code = standaloneCode.default(ajv, Object.fromEntries(kinds.map((k) => [k, `flagctl:${k}`])));
const out = new URL(`../dist/${STANDALONE_FILE}`, import.meta.url);

// The meta-schemas a json flag's own schema is checked against (lint FLAG017), one scope each, keyed by URI.
let meta = "module.exports.metaSchemas = {};\n";
for (const dialect of ["d7", "d2019", "d2020"]) {
  const engine = newEngine(dialect, { code: { source: true } });
  const uri = META_SCHEMA_URI[dialect];
  if (engine.defaultMeta() !== uri) throw new Error(`ajv's ${dialect} meta-schema is ${engine.defaultMeta()}, not ${uri}`);
  meta += `(function (exports) {${standaloneCode.default(engine, { meta: uri })}\nmodule.exports.metaSchemas[${JSON.stringify(uri)}] = exports.meta;\n})({});\n`;
}
writeFileSync(out, `${code}\nmodule.exports.schemasHash = ${JSON.stringify(readSchemaTexts().hash)};\n${meta}`);
