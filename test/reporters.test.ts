import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/core/index.js";
import { render } from "../src/cli/reporters/index.js";

const diags: Diagnostic[] = [
  { code: "SCHEMA001", severity: "error", file: "flags/a.yaml", line: 2, column: 3, message: "unknown key `x`", hint: "remove it" },
  { code: "REPO001", severity: "warning", file: "tests/b,c:d%.yml", line: 1, column: 1, message: "50% stray\nsecond line" },
];
const sources = new Map([["flags/a.yaml", "default: true\n\tx: 1\n"]]);

describe("reporters", () => {
  it("text: groups by file, quotes the line with a caret, colour only when asked", () => {
    const plain = render("diagnostics", "text", { diagnostics: diags, sources }, false);
    expect(plain).toBe(
      [
        "flags/a.yaml",
        "  flags/a.yaml:2:3  error  SCHEMA001  unknown key `x`",
        "      2 |  x: 1",
        "        |   ^",
        "        hint: remove it",
        "",
        "tests/b,c:d%.yml",
        // A line break inside a message cannot forge another diagnostic line: it is shown escaped.
        "  tests/b,c:d%.yml:1:1  warning  REPO001  50% stray\\nsecond line",
        "",
        "✖ 1 error, 1 warning",
        "",
      ].join("\n"),
    );
    const coloured = render("diagnostics", "text", { diagnostics: diags, sources }, true);
    expect(coloured).toContain("\u001b[");
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain);
  });

  it("text: says so when there is nothing to report", () => {
    expect(render("diagnostics", "text", { diagnostics: [], sources, subject: "2 flags" }, false)).toBe("✔ no problems (2 flags)\n");
  });

  it("github: escapes properties and data as workflow commands require", () => {
    expect(render("diagnostics", "github", { diagnostics: diags, sources }, false).split("\n")).toEqual([
      "::error file=flags/a.yaml,line=2,col=3,title=SCHEMA001::unknown key `x`%0Ahint: remove it",
      "::warning file=tests/b%2Cc%3Ad%25.yml,line=1,col=1,title=REPO001::50%25 stray%0Asecond line",
      "",
    ]);
  });

  it("json: every key present, hint null when absent", () => {
    const out = JSON.parse(render("diagnostics", "json", { diagnostics: diags, sources }, true));
    expect(out[1]).toEqual({ code: "REPO001", severity: "warning", file: "tests/b,c:d%.yml", line: 1, column: 1, message: "50% stray\nsecond line", hint: null });
  });

  it("markdown: a table a PR comment can show, with pipes and newlines escaped", () => {
    expect(render("diagnostics", "markdown", { diagnostics: diags, sources }, false).split("\n")).toEqual([
      "**flagctl validate**: 1 error, 1 warning",
      "",
      "| where | severity | code | problem | fix |",
      "|---|---|---|---|---|",
      "| `flags/a.yaml:2:3` | error | SCHEMA001 | unknown key `x` | remove it |",
      "| `tests/b,c:d%.yml:1:1` | warning | REPO001 | 50% stray\\\\nsecond line |  |",
      "",
    ]);
    expect(render("diagnostics", "markdown", { diagnostics: [], sources, subject: "2 flags" }, false)).toBe("**flagctl validate**: no problems (2 flags).\n");
  });
});

describe("refs and stale markdown", () => {
  // Flag files, owners and code paths are user text: a control character or a newline must not reach a PR comment raw.
  const hostile = "x\u001b[31m|y\n# forged`z";
  it("escapes control characters, line breaks, pipes and backticks through the shared escaping", () => {
    const stale = render(
      "stale",
      "markdown",
      {
        result: { now: "2026-11-25T00:00:00.000Z", checked: 1, flags: [{ key: hostile, owner: hostile, kind: null, reasons: ["expired"], detail: hostile, file: "flags/a.yaml" }] },
        cwd: "/r",
        root: "/r",
      },
      false,
    );
    const refs = render(
      "refs",
      "markdown",
      {
        result: { dirs: [], flags: { [hostile]: [{ key: hostile, file: hostile, path: `/c/${hostile}`, line: 1, column: 1 }] }, unreferenced: [], unknown: [{ key: hostile, file: hostile, line: 2, column: 3, suggestion: hostile }] },
        cwd: "/r",
      } as never,
      false,
    );
    for (const out of [stale, refs]) {
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(out).not.toMatch(/^# forged/m);
      expect(out).toContain("\\x1b[31m");
    }
    // In a code span the escape shows as is; in text its backslash and brackets are markdown-escaped as well.
    expect(stale).toContain("#### x\\\\x1b\\[31m\\|y\\\\n# forged`z (1)");
    expect(stale).toContain("- [ ] `x\\x1b[31m\\|y\\n# forged'z` — **expired**: x\\\\x1b\\[31m\\|y\\\\n# forged`z");
    expect(refs).toContain("| `x\\x1b[31m\\|y\\n# forged'z:2:3` |");
  });
});
