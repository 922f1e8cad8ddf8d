import { describe, expect, it } from "vitest";
import { BEGIN_MARKER, CodeownersMarkerProblem, END_MARKER, codeownersFinding, codeownersLines, planCodeowners, unloadedFlagFiles, type CodeownersPlan } from "../src/core/index.js";
import { repoFromFiles } from "./helpers/repo.js";

const PROJECT = "project: t\nenvironments: [dev, prod]\npipeline: [prod]\ncontext:\n  user: string\n";
const flag = (owner?: string) => `${owner === undefined ? "" : `owner: "${owner}"\n`}kind: ops\ntype: boolean\ndefault: false\n`;

function repo(files: Record<string, string>) {
  const { repo, diagnostics } = repoFromFiles({ "flagctl.yaml": PROJECT, ...files });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return repo;
}
const plan = (...args: Parameters<typeof planCodeowners>) => {
  const p = planCodeowners(...args);
  if (p instanceof CodeownersMarkerProblem) throw new Error(p.message);
  return p as CodeownersPlan;
};

const base = () =>
  repo({
    "flags/search/ranker.yaml": flag("@acme/search"),
    "flags/checkout/new-flow.yaml": flag("@acme/payments"),
    "flags/checkout/legacy.yml": flag("@acme/payments @jane, ops@acme.com"),
    "flags/orphan.yaml": flag(),
    "segments/staff.yaml": "if: { user: U1 }\n",
  });

describe("codeownersLines", () => {
  it("lists every owned flag file, sorted, skipping flags without owner and segments", () => {
    expect(codeownersLines(base())).toEqual([
      "/flags/checkout/legacy.yml @acme/payments @jane ops@acme.com",
      "/flags/checkout/new-flow.yaml @acme/payments",
      "/flags/search/ranker.yaml @acme/search",
    ]);
  });

  it("is deterministic whatever order the files were read in", () => {
    const a = repo({ "flags/b.yaml": flag("@b"), "flags/a.yaml": flag("@a") });
    const b = repo({ "flags/a.yaml": flag("@a"), "flags/b.yaml": flag("@b") });
    expect(planCodeowners(a, undefined)).toEqual(planCodeowners(b, undefined));
  });

  it("prefixes paths with the config repo's place in the git repo", () => {
    expect(codeownersLines(base(), { prefix: "config" })[0]).toBe("/config/flags/checkout/legacy.yml @acme/payments @jane ops@acme.com");
    expect(codeownersLines(base(), { prefix: "deploy/flags-repo/" })[2]).toBe("/deploy/flags-repo/flags/search/ranker.yaml @acme/search");
  });

  it("escapes spaces and # in paths", () => {
    expect(codeownersLines(repo({ "flags/odd name#1.yaml": flag("@x") }))).toEqual(["/flags/odd\\ name\\#1.yaml @x"]);
  });
});

describe("planCodeowners", () => {
  it("writes a fresh file: header, lines, end marker", () => {
    const p = plan(base(), undefined);
    const lines = p.text.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^${BEGIN_MARKER} - do not edit`));
    expect(lines[1]).toMatch(/^# /);
    expect(lines.at(-2)).toBe(END_MARKER);
    expect(lines.at(-1)).toBe("");
    expect(p.changed).toBe(true);
    expect(p.added).toHaveLength(3);
  });

  it("appends the block after hand-written lines and keeps them byte for byte", () => {
    const existing = "# Team rules\n* @acme/platform\n/segments/ @acme/growth\n";
    const p = plan(base(), existing);
    expect(p.text.startsWith(existing + "\n" + BEGIN_MARKER)).toBe(true);
    expect(p.blockLine).toBe(5);
    expect(p.text.split("\n")[p.blockLine - 1]).toMatch(/^# BEGIN/);
  });

  it("rewrites only the block, and is a fixpoint", () => {
    const first = plan(base(), "* @acme/platform\n").text;
    const withTail = first + "/flags/search/ @acme/search-leads\n";
    const again = plan(base(), withTail);
    expect(again.changed).toBe(false);
    expect(again.text).toBe(withTail);
    expect(again.added).toEqual([]);
    expect(again.removed).toEqual([]);
  });

  it("reports the lines to add and remove when flags change", () => {
    const old = plan(base(), undefined).text;
    const next = repo({
      "flags/search/ranker.yaml": flag("@acme/search-v2"),
      "flags/checkout/new-flow.yaml": flag("@acme/payments"),
      "flags/banner.yaml": flag("@acme/web"),
    });
    const p = plan(next, old);
    expect(p.changed).toBe(true);
    expect(p.added.sort()).toEqual(["/flags/banner.yaml @acme/web", "/flags/search/ranker.yaml @acme/search-v2"]);
    expect(p.removed.sort()).toEqual(["/flags/checkout/legacy.yml @acme/payments @jane ops@acme.com", "/flags/search/ranker.yaml @acme/search"]);
  });

  it("keeps CRLF line endings when the file uses them", () => {
    const existing = "* @acme/platform\r\n";
    const p = plan(base(), existing);
    expect(p.text.split("\r\n").length).toBeGreaterThan(5);
    expect(p.text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    expect(plan(base(), p.text).changed).toBe(false);
  });

  it("refuses broken markers rather than risk dropping hand-written lines", () => {
    for (const [text, re] of [
      [`${BEGIN_MARKER}\n/x @a\n`, /without "# END/],
      [`/x @a\n${END_MARKER}\n`, /without "# BEGIN/],
      [`${END_MARKER}\n${BEGIN_MARKER}\n`, /before/],
      [`${BEGIN_MARKER}\n${END_MARKER}\n${BEGIN_MARKER}\n${END_MARKER}\n`, /has 2/],
    ] as const) {
      const p = planCodeowners(base(), text);
      expect(p).toBeInstanceOf(CodeownersMarkerProblem);
      expect((p as CodeownersMarkerProblem).message).toMatch(re);
    }
  });
});

describe("unloadedFlagFiles", () => {
  it("lists flag files missing from the repo model", () => {
    expect(unloadedFlagFiles(["flags/search/ranker.yaml", "flags/broken.yaml", "flags/checkout/legacy.yml", "flags/a/bad.yaml"], base())).toEqual(["flags/a/bad.yaml", "flags/broken.yaml"]);
    expect(unloadedFlagFiles([], base())).toEqual([]);
  });
});

describe("codeownersFinding", () => {
  it("says nothing for a repo that has not opted in", () => {
    expect(codeownersFinding(base(), undefined)).toBeUndefined();
    expect(codeownersFinding(base(), "* @acme/platform\n")).toBeUndefined();
  });

  it("says nothing when the block is up to date", () => {
    expect(codeownersFinding(base(), plan(base(), "* @a\n").text)).toBeUndefined();
  });

  it("reports OWN001 at the block when it is stale", () => {
    const stale = "* @a\n" + plan(repo({ "flags/x.yaml": flag("@x") }), undefined).text;
    const d = codeownersFinding(base(), stale);
    expect(d).toMatchObject({ code: "OWN001", severity: "error", file: ".github/CODEOWNERS", line: 2, column: 1 });
    expect(d!.message).toBe("CODEOWNERS is out of date: 3 lines to add, 1 line to remove");
    expect(d!.hint).toMatch(/flagctl codeowners/);
  });

  it("reports OWN002 for broken markers, and names the file from the config repo", () => {
    const d = codeownersFinding(base(), `x\n${BEGIN_MARKER}\n`, { prefix: "config/" });
    expect(d).toMatchObject({ code: "OWN002", file: "../.github/CODEOWNERS", line: 2 });
  });
});
