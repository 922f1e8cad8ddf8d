// Black-box runs of the built CLI (`npm run build` first; `npm test` does it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/flagctl.js");
const ESC = "\u001b[";

const base = mkdtempSync(join(tmpdir(), "flagctl-cli-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
});

let n = 0;
const freshDir = () => {
  const d = join(base, `r${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

function flagctl(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const env = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  if (!opts.env?.NO_COLOR) delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? base, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs under a pseudo-terminal (util-linux `script`), so stdout is a TTY. */
function flagctlTTY(args: string[], cwd: string, env: Record<string, string> = {}) {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const e = { ...process.env, ...env };
  delete e.FORCE_COLOR;
  if (!env.NO_COLOR) delete e.NO_COLOR;
  const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd, env: e, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout };
}

const initRepo = () => {
  const dir = freshDir();
  const r = flagctl(["init", dir]);
  expect(r.code).toBe(0);
  return dir;
};

const BROKEN = "description: d\nowner: o\nkind: ops\ndefault: false\nenvironments:\n  prod:\n    rules:\n      - if: { team: T1 }\n        serv: true\n    serve: false\n";

describe("flagctl init", () => {
  it("scaffolds a repo that validates clean straight away", () => {
    const dir = initRepo();
    for (const f of ["flagctl.yaml", "segments/staff.yaml", "tests/examples.yaml", "schemas/flag.schema.json", "config-schemas/banner.schema.json"]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const flags = readdirSync(join(dir, "flags"), { recursive: true }).filter((f) => String(f).endsWith(".yaml"));
    expect(flags.length).toBeGreaterThanOrEqual(4);
    const types = flags.map((f) => readFileSync(join(dir, "flags", String(f)), "utf8").match(/^type: (\w+)/m)?.[1]);
    expect(new Set(types)).toEqual(new Set(["boolean", "string", "number", "json"]));
    expect(readFileSync(join(dir, "flags/checkout/new-flow.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/flag\.schema\.json\n/);
    expect(readFileSync(join(dir, "flagctl.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=schemas\/project\.schema\.json\n/);

    const v = flagctl(["validate"], { cwd: dir });
    expect(v.stderr).toBe("");
    expect(v.stdout).toContain("no problems");
    expect(v.code).toBe(0);
    expect(flagctl(["validate", "--format", "json", "--cwd", dir]).stdout.trim()).toBe("[]");
  });

  it("refuses to overwrite, names the files and writes nothing", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "flagctl.yaml"), "mine\n");
    mkdirSync(join(dir, "segments"));
    writeFileSync(join(dir, "segments/staff.yaml"), "mine too\n");
    const r = flagctl(["init", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("flagctl.yaml");
    expect(r.stderr).toContain("segments/staff.yaml");
    expect(r.stderr).not.toContain("flags/checkout");
    expect(readFileSync(join(dir, "flagctl.yaml"), "utf8")).toBe("mine\n");
    expect(existsSync(join(dir, "flags"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["flagctl.yaml", "segments"]);
  });

  it("refuses a path that is a file, without a stack trace", () => {
    const file = join(freshDir(), "plain.txt");
    writeFileSync(file, "x");
    const r = flagctl(["init", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a directory");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says a release needs a git commit only when the repo is not in git yet", () => {
    // The temp directory is outside any git work tree on a usual machine; what git itself says decides.
    const outside = freshDir();
    const gitSaysInside = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: outside }).status === 0;
    const r = flagctl(["init", outside]);
    expect(r.stdout.includes("Before `flagctl build`: git init && git add -A && git commit")).toBe(!gitSaysInside);
    expect(JSON.parse(flagctl(["init", join(outside, "second"), "--format", "json"]).stdout).inGit).toBe(gitSaysInside);
    const inside = freshDir();
    spawnSync("git", ["init", "-q"], { cwd: inside });
    const r2 = flagctl(["init", join(inside, "flags-repo")]);
    expect(r2.code).toBe(0);
    expect(r2.stdout).not.toContain("git init");
  });

  it("init into the current directory by default", () => {
    const dir = freshDir();
    expect(flagctl(["init"], { cwd: dir }).code).toBe(0);
    expect(statSync(join(dir, "flagctl.yaml")).isFile()).toBe(true);
  });
});

describe("flagctl validate", () => {
  it("exits 1 on an error, text output grouped by file with the line and a caret", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "flags/broken.yaml"), BROKEN);
    const r = flagctl(["validate", "--cwd", dir]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.includes("flags/broken.yaml:9:9"));
    expect(lines[at - 1]).toBe("flags/broken.yaml");
    expect(lines[at]).toMatch(/flags\/broken\.yaml:9:9 +error +SCHEMA001 +unknown key `serv` in rule \(did you mean `serve`\?\)/);
    expect(lines[at + 1]).toMatch(/^\s+9 \|         serv: true$/);
    expect(lines[at + 2]).toMatch(/^\s+\|         \^$/);
    expect(lines[at + 3]).toContain("hint: rename `serv` to `serve`");
    expect(r.stdout).toContain("✖ 1 error, 0 warnings");
    expect(r.stdout).not.toContain(ESC);
  });

  it("--format json prints a stable array of diagnostics", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "flags/broken.yaml"), BROKEN);
    writeFileSync(join(dir, "flags/notes.txt"), "stray");
    const r = flagctl(["validate", "--format", "json"], { cwd: join(dir, "flags") });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out).toEqual([
      {
        code: "SCHEMA001",
        severity: "error",
        file: "flags/broken.yaml",
        line: 9,
        column: 9,
        message: "unknown key `serv` in rule (did you mean `serve`?)",
        hint: "rename `serv` to `serve`",
      },
      expect.objectContaining({ code: "REPO001", severity: "error", file: "flags/notes.txt", line: 1, column: 1 }),
    ]);
    for (const d of out) expect(Object.keys(d)).toEqual(["code", "severity", "file", "line", "column", "message", "hint"]);
  });

  it("--format github prints workflow annotations", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "flags/broken.yaml"), BROKEN);
    writeFileSync(join(dir, "tests/old.yml"), "tests: []\n");
    const r = flagctl(["validate", "--format", "github", "--cwd", dir]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("::error file=flags/broken.yaml,line=9,col=9,title=SCHEMA001::unknown key `serv` in rule (did you mean `serve`?)%0Ahint: rename `serv` to `serve`");
    expect(lines[1]).toMatch(/^::warning file=tests\/old\.yml,line=1,col=1,title=REPO001::stray file/);
  });

  it("exits 0 with only warnings", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "tests/old.yml"), "tests: []\n");
    const r = flagctl(["validate", "--cwd", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("REPO001");
    expect(r.stdout).toContain("0 errors, 1 warning");
  });

  it("exits 2 without a flagctl.yaml, with a hint to run init", () => {
    const r = flagctl(["validate", "--cwd", freshDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no flagctl.yaml found");
    expect(r.stderr).toContain("flagctl init");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exits 2 on an invalid flagctl.yaml, and still reports the other files", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "flagctl.yaml"), "project: p\nenvironments: [dev, prod]\ncontext:\n  user: strng\n");
    writeFileSync(join(dir, "flags/broken.yaml"), BROKEN);
    const r = flagctl(["validate", "--format", "json", "--cwd", dir]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { file: string; code: string; line: number; column: number }[];
    expect(out.map((d) => [d.file, d.code, d.line, d.column])).toEqual([
      ["flagctl.yaml", "SCHEMA004", 4, 9],
      ["flags/broken.yaml", "SCHEMA001", 9, 9],
    ]);
  });

  it("reports an out-of-date generated CODEOWNERS block (OWN001), and passes once regenerated", () => {
    const dir = initRepo();
    spawnSync("git", ["init", "-q"], { cwd: dir });
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(join(dir, ".github/CODEOWNERS"), "* @acme/everyone\n# BEGIN flagctl generated\n# END flagctl generated\n");
    const stale = flagctl(["validate", "--format", "json", "--cwd", dir]);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toEqual([expect.objectContaining({ code: "OWN001", file: ".github/CODEOWNERS", line: 2 })]);
    expect(flagctl(["codeowners", "--cwd", dir]).code).toBe(0);
    expect(flagctl(["validate", "--cwd", dir]).code).toBe(0);
    expect(readFileSync(join(dir, ".github/CODEOWNERS"), "utf8")).toMatch(/^\* @acme\/everyone\n/);
  });

  it("exits 2 on an unknown --format", () => {
    const dir = initRepo();
    const r = flagctl(["validate", "--format", "xml", "--cwd", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("xml");
    expect(r.stdout).toBe("");
  });

  it("uses colour on a TTY only, and never with NO_COLOR", () => {
    const dir = initRepo();
    writeFileSync(join(dir, "flags/broken.yaml"), BROKEN);
    const tty = flagctlTTY(["validate"], dir);
    expect(tty.code).toBe(1);
    expect(tty.stdout).toContain(ESC);
    const noColor = flagctlTTY(["validate"], dir, { NO_COLOR: "1" });
    expect(noColor.code).toBe(1);
    expect(noColor.stdout).toContain("SCHEMA001");
    expect(noColor.stdout).not.toContain(ESC);
    const piped = flagctl(["validate", "--cwd", dir]);
    expect(piped.stdout).toContain("SCHEMA001");
    expect(piped.stdout).not.toContain(ESC);
  });
});
