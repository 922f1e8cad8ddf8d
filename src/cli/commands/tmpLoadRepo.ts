// TEMPORARY: reads the repo with the parse functions until readRepo + checkRepo (branch `load`) land on main;
// then codeowners switches to them and this file goes. No schema check, no lint.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "../../core/diagnostic.js";
import type { Flag, Repo } from "../../core/model.js";
import { parseFlag, parseProject, type RepoFiles } from "../../core/parse/index.js";
import type { PathSegment, YamlDoc } from "../../core/yaml/doc.js";
import { ProjectError } from "../../errors.js";

export function tmpLoadRepo(root: string): { repo: Repo; diagnostics: Diagnostic[]; flagPaths: string[] } {
  if (!existsSync(join(root, "flagctl.yaml"))) throw new ProjectError(`no flagctl.yaml in ${root}`, "run flagctl in a config repo, or pass --cwd <dir>");
  const diagnostics: Diagnostic[] = [];
  const project = parseProject(doc(root, "flagctl.yaml"));
  diagnostics.push(...project.diagnostics);
  if (!project.value) throw new ProjectError(`flagctl.yaml is invalid: ${project.diagnostics[0]?.message}`, "run flagctl validate");
  const flags = new Map<string, Flag>();
  const flagPaths: string[] = [];
  // Only `get` is used, for a json flag's `schema:` file.
  const onDisk = { get: (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path)) : undefined) } as unknown as RepoFiles;
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        flagPaths.push(p);
        const key = p.slice("flags/".length).replace(/\.ya?ml$/, "").replaceAll("/", ".");
        let d: YamlDoc;
        try {
          d = doc(root, p);
        } catch (err) {
          diagnostics.push({ code: "YAML001", severity: "error", file: p, line: 1, column: 1, message: (err as Error).message });
          continue;
        }
        const res = parseFlag(d, key, project.value, onDisk);
        diagnostics.push(...res.diagnostics);
        if (res.value) flags.set(key, res.value);
      }
    }
  };
  if (existsSync(join(root, "flags"))) walk("flags");
  return { repo: { project: project.value, flags, segments: new Map(), tests: [] }, diagnostics, flagPaths };
}

function doc(root: string, file: string): YamlDoc {
  const lc = new LineCounter();
  const d = parseDocument(readFileSync(join(root, file), "utf8"), { lineCounter: lc });
  if (d.errors.length) throw new ProjectError(`${file}: ${d.errors[0].message.split("\n")[0]}`, "run flagctl validate");
  return {
    file,
    value: d.toJS(),
    locate(path: readonly PathSegment[]) {
      let node: unknown = d.contents;
      for (const seg of path) {
        if (isMap(node)) node = node.items.find((p) => String((p.key as { value?: unknown })?.value) === String(seg))?.value;
        else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
        else break;
      }
      const { line, col } = lc.linePos((node as Node | undefined)?.range?.[0] ?? 0);
      return { file, line, column: col };
    },
  };
}
