import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkRepo, projectFileBroken, type SourceFile, diag, rules, type LintRule, classifyPaths } from "../src/core/index.js";
import { ProjectError } from "../src/errors.js";
import { findRepoRoot, readRepo } from "../src/repo/readRepo.js";
import { schemaValidator } from "../src/schemas.js";

const enc = new TextEncoder();
const files = (m: Record<string, string | Uint8Array>): SourceFile[] =>
  Object.entries(m).map(([path, t]) => ({ path, bytes: typeof t === "string" ? enc.encode(t) : t }));
const run = (m: Record<string, string | Uint8Array>) => checkRepo(files(m), { today: "2026-11-21", validator: schemaValidator() });

const project = `project: acme
environments: [dev, prod]
context:
  user: string
  team: string
`;
const flag = (v = "true") => `description: d\nowner: o\nkind: ops\ndefault: false\nenvironments:\n  prod: ${v}\n`;

describe("classifyPaths", () => {
  it("sorts files into kinds and derives keys and names", () => {
    const c = classifyPaths([
      "flagctl.yaml",
      "flags/checkout/new-flow.yaml",
      "flags/top.yaml",
      "flags/.gitkeep",
      "segments/staff.yaml",
      "tests/a/b.yaml",
      "tests/fixture.json",
      "config-schemas/banner.json",
      "README.md",
    ]);
    expect(c.project?.path).toBe("flagctl.yaml");
    expect(c.flags.map((f) => f.key)).toEqual(["checkout.new-flow", "top"]);
    expect(c.segments.map((s) => s.name)).toEqual(["staff"]);
    expect(c.tests.map((t) => t.path)).toEqual(["tests/a/b.yaml"]);
    expect(c.diagnostics).toEqual([]);
  });

  it("reports stray files in flags/ and segments/, and paths that are not keys", () => {
    const c = classifyPaths(["flags/a/b.yml", "flags/notes.txt", "flags/a.b.yaml", "flags/my flag.yaml", "flags/-x/y.yaml", "segments/x/y.yaml", "segments/s.json", "segments/bad.name.yaml", "tests/t.yml"]);
    const got = c.diagnostics.map((d) => [d.file, d.code, d.severity, d.line, d.column]);
    expect(got).toEqual([
      ["flags/-x/y.yaml", "REPO002", "error", 1, 1],
      ["flags/a.b.yaml", "REPO002", "error", 1, 1],
      ["flags/a/b.yml", "REPO001", "error", 1, 1],
      ["flags/my flag.yaml", "REPO002", "error", 1, 1],
      ["flags/notes.txt", "REPO001", "error", 1, 1],
      ["segments/bad.name.yaml", "REPO003", "error", 1, 1],
      ["segments/s.json", "REPO001", "error", 1, 1],
      ["segments/x/y.yaml", "REPO001", "error", 1, 1],
      ["tests/t.yml", "REPO001", "warning", 1, 1],
    ]);
    expect(c.diagnostics.find((d) => d.file === "flags/a/b.yml")!.hint).toBe("rename it to flags/a/b.yaml");
    expect(c.flags).toEqual([]);
  });
});

describe("checkRepo", () => {
  it("builds a repo from a clean set of files", () => {
    const r = run({
      "flagctl.yaml": project,
      "flags/b/two.yaml": flag("{ rules: [ { if: { segment: staff }, serve: true } ], serve: false }"),
      "flags/a/one.yaml": flag("false"),
      "segments/staff.yaml": "description: s\nif: { team: T1 }\n",
      "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    expect: { a.one: false }\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect([...r.repo!.flags.keys()]).toEqual(["a.one", "b.two"]);
    expect([...r.repo!.segments.keys()]).toEqual(["staff"]);
    expect(r.repo!.tests).toHaveLength(1);
    expect(r.repo!.flags.get("b.two")!.file).toBe("flags/b/two.yaml");
    expect(r.sources.get("flags/a/one.yaml")).toBe(flag("false"));
  });

  it("reports every bad file in one run, each at its own position", () => {
    const r = run({
      "flagctl.yaml": project,
      "flags/ok.yaml": flag(),
      "flags/dup.yaml": "default: true\ndefault: false\n",
      "flags/typo.yaml": "default: true\nenvironments:\n  prod:\n    serv: true\n",
      "flags/bad.utf8.yaml": flag(),
      "flags/enc.yaml": Uint8Array.from([0x64, 0x3a, 0x20, 0xff, 0x0a]),
      "flags/README.md": "# notes\n",
      "segments/s.yaml": "if: [\n",
      "tests/t.yaml": "tests:\n  - name: t\n",
    });
    const got = r.diagnostics.map((d) => [d.file, d.code, d.line, d.column]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["flags/dup.yaml", "YAML004", 2, 1],
        ["flags/typo.yaml", "SCHEMA001", 4, 5],
        ["flags/bad.utf8.yaml", "REPO002", 1, 1],
        ["flags/enc.yaml", "YAML002", 1, 4],
        ["flags/README.md", "REPO001", 1, 1],
        ["segments/s.yaml", "YAML003", 2, 1],
        ["tests/t.yaml", "SCHEMA002", 2, 5],
      ]),
    );
    expect(got).toHaveLength(8); // the missing serve is folded into the typo
    // The good flag is still in the repo; the broken ones are not.
    expect([...r.repo!.flags.keys()]).toEqual(["ok"]);
    expect(projectFileBroken(r.diagnostics)).toBe(false);
  });

  it("with a broken project file builds no repo but still checks every other file", () => {
    const r = run({
      "flagctl.yaml": "project: p\nenvironments: dev\n",
      "flags/a.yaml": "default: true\nbogus: 1\nenvironments: {}\n",
      "flags/b.yaml": flag(),
    });
    expect(r.repo).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.file, d.code, d.line, d.column])).toEqual([
      ["flagctl.yaml", "SCHEMA003", 2, 15],
      ["flags/a.yaml", "SCHEMA001", 2, 1],
    ]);
    expect(projectFileBroken(r.diagnostics)).toBe(true);
  });

  it("runs the registered lint rules on the repo, with today's date", () => {
    const seen: string[] = [];
    const rule: LintRule = {
      code: "TEST001",
      severity: "warning",
      description: "every flag, for the test",
      hint: "none",
      check: (repo, ctx) => {
        seen.push(ctx.today, ...(ctx.broken?.flags ?? []), ...(ctx.broken?.segments ?? []));
        return [...repo.flags.values()].map((f) => diag("TEST001", "warning", f.loc, f.key));
      },
    };
    rules.push(rule);
    try {
      const r = run({ "flagctl.yaml": project, "flags/x/y.yaml": flag(), "flags/x/z.yaml": "default: 1\nbad: 2\n", "segments/s.yaml": "x: 1\n" });
      expect(r.diagnostics.filter((d) => d.code === "TEST001")).toEqual([expect.objectContaining({ code: "TEST001", file: "flags/x/y.yaml", line: 1, column: 1, message: "x.y" })]);
      expect(seen).toEqual(["2026-11-21", "x.z", "s"]);
    } finally {
      rules.splice(rules.indexOf(rule), 1);
    }
  });

  it("handles a condition nested right up to the depth limit", () => {
    // Root, environments, prod, rules, the rule: 5 levels; 56 `not`s, the attribute, its test and the list: 64.
    const cond = "{ not: ".repeat(56) + "{ team: { in: [a] } }" + " }".repeat(56);
    const r = run({ "flagctl.yaml": project, "flags/deep.yaml": `description: d\nowner: o\nkind: ops\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: ${cond}\n        serve: true\n    serve: false\n` });
    expect(r.diagnostics).toEqual([]);
    expect(r.repo!.flags.get("deep")!.environments.prod.kind).toBe("rules");
    const tooDeep = "{ not: ".repeat(70) + "{ team: x }" + " }".repeat(70);
    const r2 = run({ "flagctl.yaml": project, "flags/deep.yaml": `description: d\nowner: o\nkind: ops\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: ${tooDeep}\n        serve: true\n    serve: false\n` });
    expect(r2.diagnostics).toEqual([expect.objectContaining({ code: "YAML012", file: "flags/deep.yaml", line: 8 })]);
  });

  it("without a project file says so", () => {
    const r = run({ "flags/b.yaml": flag() });
    expect(r.repo).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "REPO004", file: "flagctl.yaml" })]);
    expect(projectFileBroken(r.diagnostics)).toBe(true);
  });

  it("passes referenced files to the flag parser (json schema path)", () => {
    const r = run({
      "flagctl.yaml": project,
      "flags/j.yaml": "description: d\nowner: o\nkind: ops\ntype: json\nschema: cs/j.json\nvariations: { a: { x: 1 } }\ndefault: a\nenvironments: {}\n",
      "cs/j.json": '{"type":"object"}',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.repo!.flags.get("j")!.schema).toMatchObject({ path: "cs/j.json", schema: { type: "object" } });
  });
});

describe("readRepo", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), "flagctl-read-"));
    dirs.push(d);
    return d;
  };
  const write = (root: string, path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it("finds the root by walking up and reads config files, strays and referenced files", () => {
    const root = tmp();
    write(root, "flagctl.yaml", project);
    write(root, "flags/a/b.yaml", flag());
    write(root, "flags/a/notes.txt", "stray");
    write(root, "segments/s.yaml", "if: { team: x }\n");
    write(root, "tests/t.yaml", "tests: []\n");
    write(root, "cs/schema.json", "{}");
    write(root, "docs/readme.md", "not read");
    write(root, "node_modules/x/flagctl.yaml", "ignored");
    write(root, ".git/config", "ignored");
    write(root, "dist/x.json", "ignored");
    const { root: found, files: read } = readRepo(join(root, "flags", "a"));
    expect(found).toBe(root);
    expect(read.map((f) => f.path)).toEqual(["cs/schema.json", "flagctl.yaml", "flags/a/b.yaml", "flags/a/notes.txt", "segments/s.yaml", "tests/t.yaml"]);
    expect(new TextDecoder().decode(read[2].bytes)).toBe(flag());
  });

  it("follows symlinked files", () => {
    const root = tmp();
    write(root, "flagctl.yaml", project);
    write(root, "shared/x.yaml", flag());
    mkdirSync(join(root, "flags"));
    symlinkSync(join(root, "shared/x.yaml"), join(root, "flags/x.yaml"));
    expect(readRepo(root).files.map((f) => f.path)).toContain("flags/x.yaml");
  });

  it("throws a ProjectError (exit 2) with an init hint when there is no flagctl.yaml", () => {
    const root = tmp();
    let err: unknown;
    try {
      findRepoRoot(root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).exitCode).toBe(2);
    expect((err as ProjectError).hint).toContain("flagctl init");
  });
});
