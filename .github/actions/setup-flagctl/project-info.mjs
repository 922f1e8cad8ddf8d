// Prints the store URL and first pipeline env as GitHub step outputs (key=value lines).
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const project = parse(readFileSync("flagctl.yaml", "utf8")) ?? {};
const store = process.env.STORE_OVERRIDE || project.store || "";
const firstEnv = Array.isArray(project.pipeline) && project.pipeline.length > 0 ? String(project.pipeline[0]) : "";
const safe = (v) => String(v).replace(/[\r\n]/g, "");
process.stdout.write(`store=${safe(store)}\nfirst-env=${safe(firstEnv)}\n`);
