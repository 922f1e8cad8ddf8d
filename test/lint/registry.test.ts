import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintRepo, rules } from "../../src/core/index.js";
import { UNKNOWN_KEY_CODE } from "../../src/cli/reporters/hygiene.js";
import { lintFiles, TODAY } from "./fixtures.js";
import { repoFromFiles } from "../helpers/repo.js";
import { BASE } from "./fixtures.js";

describe("rule registry", () => {
  it("has unique, well-formed codes, each with a description and a hint", () => {
    const codes = rules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of rules) {
      expect(r.code).toMatch(/^(FLAG|SEG|TEST|PROJ)\d{3}$/);
      expect(["error", "warning"]).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.hint.length).toBeGreaterThan(5);
      expect(r.hint).not.toContain("\n");
    }
  });

  it("documents every rule in docs/rules.md with its severity", () => {
    const docs = readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8");
    for (const r of rules) {
      const row = docs.split("\n").find((l) => l.startsWith("|") && l.includes(r.code));
      expect(row, r.code).toBeDefined();
      expect(row, r.code).toContain(`| ${r.severity} |`);
    }
  });

  it("lists every lint rule and every loader code in the README", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const diagnosticsDoc = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
    const loaderCodes = [...diagnosticsDoc.matchAll(/^\| ((?:REPO|YAML|SCHEMA|PARSE)\d{3}) \|/gm)].map((m) => m[1]);
    expect(loaderCodes.length).toBeGreaterThan(20);
    for (const code of [...rules.map((r) => r.code), ...loaderCodes, "OWN001", "OWN002", UNKNOWN_KEY_CODE]) {
      expect(readme, code).toMatch(new RegExp(`^\\|.*\\b${code}\\b.*\\|`, "m"));
    }
  });
});

describe("lintRepo", () => {
  it("returns the findings of every rule, sorted by file, line, column and code", () => {
    const { diagnostics } = lintFiles({
      "flags/b.yaml": "default: 3\nenvironments:\n  prd: true\n",
      "flags/a.yaml": 'owner: "@x"\ndefault: false\n',
    });
    expect(diagnostics.map((d) => [d.file, d.line, d.column, d.code])).toEqual([
      ["flags/a.yaml", 1, 1, "FLAG003"],
      ["flags/b.yaml", 1, 1, "FLAG002"],
      ["flags/b.yaml", 1, 1, "FLAG003"],
      ["flags/b.yaml", 1, 1, "FLAG009"],
      ["flags/b.yaml", 3, 3, "FLAG001"],
    ]);
  });

  it("gives the same answer on a second run over the same repo (caches are per repo)", () => {
    const files = { ...BASE, "flags/t.yaml": "default: 1\nenvironments:\n  prod: { rollout: { true: 5 } }\n" };
    const { repo } = repoFromFiles(files);
    const first = lintRepo(repo, { today: TODAY });
    expect(first.length).toBeGreaterThan(0);
    expect(lintRepo(repo, { today: TODAY })).toEqual(first);
    // A different day is a different answer even for the same repo object.
    expect(lintRepo(repo, { today: "2027-02-01" }).filter((d) => d.code === "FLAG006").map((d) => d.file)).toEqual([
      "flags/search/ranker.yaml",
    ]);
  });

  it("does not call references to files that failed to load unknown (ctx.broken)", () => {
    const files = {
      ...BASE,
      "flags/t.yaml": 'description: x\nowner: "@o"\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: { flag: { gone: true }, segment: lost }\n        serve: true\n    serve: false\n',
      "tests/t.yaml": "tests:\n  - name: t\n    env: prod\n    expect: { gone: true }\n",
    };
    const { repo } = repoFromFiles(files);
    const codes = (ctx: Parameters<typeof lintRepo>[1]) => lintRepo(repo, ctx).map((d) => d.code);
    expect(codes({ today: TODAY })).toEqual(["FLAG020", "FLAG038", "TEST002"]);
    expect(codes({ today: TODAY, broken: { flags: new Set(["gone"]), segments: new Set(["lost"]) } })).toEqual([]);
  });

  it("runs only the rules it is given", () => {
    const { repo } = repoFromFiles({ ...BASE, "flags/t.yaml": "default: false\n" });
    const only = rules.filter((r) => r.code === "FLAG002");
    expect(lintRepo(repo, { today: TODAY }, only).map((d) => d.code)).toEqual(["FLAG002"]);
  });
});
