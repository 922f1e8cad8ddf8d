// Builds a Repo from in-memory YAML texts with the real loader and parsers but WITHOUT schema checks or lint,
// so unit tests of lint and of everything downstream can feed in exactly the shapes they test.
// (End-to-end behaviour goes through checkRepo.)
import { loadYaml, type Diagnostic, type Flag, type GoldenTest, type Repo, type Segment, parseFlag, parseProject, parseSegment, parseTestFile, type YamlDoc } from "../../src/core/index.js";

export function yamlDoc(file: string, text: string): YamlDoc {
  const { doc, diagnostics } = loadYaml({ path: file, bytes: new TextEncoder().encode(text) });
  if (!doc) throw new Error(`${file}: ${diagnostics[0]?.message}`);
  return doc;
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
