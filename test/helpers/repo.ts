// Builds a Repo from in-memory YAML texts, for tests of everything downstream of parsing.
// TEMPORARY loader: replaced by the real checkRepo pipeline (schema + lint) once it lands.
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "../../src/core/diagnostic.js";
import type { Flag, GoldenTest, Repo, Segment } from "../../src/core/model.js";
import { parseFlag, parseProject, parseSegment, parseTestFile } from "../../src/core/parse/index.js";
import type { PathSegment, YamlDoc } from "../../src/core/yaml/doc.js";

export function yamlDoc(file: string, text: string): YamlDoc {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  const pos = (offset: number) => {
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  return {
    file,
    value: doc.toJS(),
    locate(path: readonly PathSegment[], at = "value") {
      let node: unknown = doc.contents;
      let keyNode: Node | undefined;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === seg || String((p.key as { value?: unknown })?.value) === String(seg));
          if (!pair) break;
          keyNode = pair.key as Node;
          node = pair.value;
        } else if (isSeq(node) && typeof seg === "number" && node.items[seg]) {
          keyNode = undefined;
          node = node.items[seg];
        } else break;
      }
      const target = at === "key" && keyNode ? keyNode : (node as Node | null);
      return pos(target?.range?.[0] ?? 0);
    },
  };
}

export function repoFromFiles(files: Record<string, string>): { repo: Repo; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const take = <T>(res: { value?: T; diagnostics: Diagnostic[] }) => (diagnostics.push(...res.diagnostics), res.value);
  const project = take(parseProject(yamlDoc("flagctl.yaml", files["flagctl.yaml"])));
  if (!project) throw new Error(`flagctl.yaml did not parse: ${JSON.stringify(diagnostics)}`);
  const bytes = new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  const flags = new Map<string, Flag>();
  const segments = new Map<string, Segment>();
  const tests: GoldenTest[] = [];
  for (const path of Object.keys(files).sort()) {
    const text = files[path];
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^flags\/(.+)\.ya?ml$/))) {
      const key = m[1].replaceAll("/", ".");
      const flag = take(parseFlag(yamlDoc(path, text), key, project, bytes));
      if (flag) flags.set(key, flag);
    } else if ((m = path.match(/^segments\/(.+)\.ya?ml$/))) {
      const seg = take(parseSegment(yamlDoc(path, text), m[1]));
      if (seg) segments.set(m[1], seg);
    } else if (path.match(/^tests\/.+\.ya?ml$/)) {
      tests.push(...(take(parseTestFile(yamlDoc(path, text))) ?? []));
    }
  }
  return { repo: { project, flags, segments, tests }, diagnostics };
}
