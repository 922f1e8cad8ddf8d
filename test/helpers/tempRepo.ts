// A config repo written to a temp dir and loaded through the real pipeline (readRepo + checkRepo).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkRepo, type Repo } from "../../src/core/index.js";
import { readRepo } from "../../src/repo/readRepo.js";
import { schemaValidator } from "../../src/schemas.js";

export const PROJECT = `project: t
environments: [dev, prod]
context:
  user: string
  team: string
  country: string
  seats: number
  plan: { enum: [free, pro] }
  host: { type: string, static: true }
`;

/** A boolean ops flag; `prod` is the YAML of its prod config (indented under `prod:`). */
export const opsFlag = (prod: string, dflt = "false") =>
  `description: d\nowner: "@t"\nkind: ops\ndefault: ${dflt}\nenvironments:\n  dev: true\n  prod:\n${prod}`;

export function writeRepo(files: Record<string, string>, base?: string): string {
  const dir = base ?? mkdtempSync(join(tmpdir(), "flagctl-repo-"));
  const all = { "flagctl.yaml": PROJECT, ...files };
  for (const [p, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

export function loadRepo(dir: string): Repo {
  const { files } = readRepo(dir);
  const r = checkRepo(files, { today: "2026-11-21", validator: schemaValidator() });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.repo) throw new Error(`repo has errors: ${JSON.stringify(errors, null, 1)}`);
  return r.repo;
}
