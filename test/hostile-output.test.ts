// Hostile text in a config repo reaching terminals and PR comments: names are single-line, control characters
// are shown escaped, markdown cannot be forged, excerpts are capped. Real files, the built CLI, real git.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { opsFlag, writeRepo, PROJECT } from "./helpers/tempRepo.js";
import { tempGitRepo } from "./helpers/tempGitRepo.js";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
const flagctl = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
};
// Any control character but newline (NO_COLOR is set, so flagctl itself writes none).
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const FORMATS = ["text", "json", "github", "markdown"];

describe("names are single-line text", () => {
  it("a rule name or test name with a line break is a schema error at its line", { timeout: 30_000 }, () => {
    const dir = writeRepo({
      "flags/ops/x.yaml": opsFlag('    rules:\n      - name: "ok\\n### Forged heading\\n[click](https://evil.example)"\n        if: { user: u1 }\n        serve: true\n    serve: false\n'),
    });
    const r = flagctl(["validate", "--format", "json"], dir);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    const diags = (d.diagnostics ?? d) as { code: string; file: string; line: number }[];
    expect(diags.map((x) => [x.code, x.file, x.line])).toContainEqual(["SCHEMA005", "flags/ops/x.yaml", 9]);
  });
});

describe("control characters and huge lines in flag files", () => {
  it("ESC sequences in a file are shown escaped, in every format", { timeout: 60_000 }, () => {
    const dir = writeRepo({ "flags/ops/ok.yaml": opsFlag("    serve: true\n") });
    // Raw ESC bytes: retitle the window, clear the screen. YAML refuses them, and the error quotes the line.
    writeFileSync(join(dir, "flags/ops/esc.yaml"), `description: d \u001b]0;pwned\u0007 \u001b[2J\u009b31m\nowner: o\n`);
    for (const format of FORMATS) {
      const r = flagctl(["validate", "--format", format], dir);
      expect(r.code, format).toBe(1);
      expect(r.all, format).not.toMatch(RAW_CONTROL);
    }
    expect(flagctl(["validate"], dir).stdout).toContain("\\x1b]0;pwned\\x07");
  });

  it("a binary file and a megabyte line are excerpted, not dumped", { timeout: 60_000 }, () => {
    const dir = writeRepo({ "flags/ops/ok.yaml": opsFlag("    serve: true\n") });
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    writeFileSync(join(dir, "flags/ops/bin.yaml"), binary);
    writeFileSync(join(dir, "flags/ops/long.yaml"), `${"x".repeat(1_000_000)}: 1\ndefault: false\n`);
    for (const format of FORMATS) {
      const r = flagctl(["validate", "--format", format], dir);
      expect(r.code, format).toBe(1);
      expect(r.all, format).not.toMatch(RAW_CONTROL);
      expect(r.all.length, format).toBeLessThan(20_000);
      expect(r.all, format).toContain("long.yaml");
      expect(r.all, format).toContain("bin.yaml");
    }
  });

  it("default: .inf gets a clear message at its position (YAML013)", { timeout: 30_000 }, () => {
    const dir = writeRepo({ "flags/ops/n.yaml": 'description: d\nowner: "@t"\nkind: ops\ntype: number\ndefault: .inf\nenvironments: {}\n' });
    const r = flagctl(["validate"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/flags\/ops\/n\.yaml:5:10\s+error\s+YAML013\s+`\.inf` is infinity/);
    expect(r.stdout).not.toContain("null is not a number");
  });
});

describe("the diff PR comment cannot be forged", () => {
  it("served values with line breaks, links and HTML stay inside their line", { timeout: 60_000 }, () => {
    const repo = tempGitRepo();
    try {
      const flag = (serve: string) => `description: d\nowner: "@t"\nkind: ops\ntype: string\ndefault: "a"\nenvironments:\n  prod: ${serve}\n`;
      repo.write({ "flagctl.yaml": PROJECT, "flags/ui/banner.yaml": flag('"a"') });
      repo.commit("base");
      repo.write({ "flags/ui/banner.yaml": flag('"b\\n### Forged heading\\n[click me](https://evil.example) <img src=x onerror=alert(1)> \\u001b[2J"') });
      const r = flagctl(["diff", "--base", "HEAD", "--format", "markdown"], repo.dir);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("banner");
      expect(r.stdout).not.toMatch(/^#+ Forged/m);
      // A link needs an unescaped "](": the brackets are escaped, so it renders as the literal text.
      expect(r.stdout).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
      expect(r.stdout).toContain("\\[click me\\]");
      expect(r.stdout).not.toContain("<img");
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      const text = flagctl(["diff", "--base", "HEAD"], repo.dir);
      expect(text.all).not.toMatch(RAW_CONTROL);
    } finally {
      repo.cleanup();
    }
  });
});
