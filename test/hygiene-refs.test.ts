// `flagctl refs` on real git repositories in temp dirs: what counts as a reference, which files are read, and
// the reverse direction (keys in code that name no flag).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRefs, codeDirs } from "../src/app/index.js";
import { buildKeyIndex, scanText } from "../src/core/index.js";
import { BIN } from "./helpers/releaseFixture.js";
import { runCli } from "./helpers/runCli.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";
import { writeRepo } from "./helpers/tempRepo.js";

const flag = (kind = "ops", extra = "") => `description: d\nowner: "@t"\nkind: ${kind}\n${extra}default: false\nenvironments:\n  dev: true\n`;
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

function configRepo(project = "", flags: Record<string, string> = {}): string {
  const dir = writeRepo({
    "flagctl.yaml": `project: t\nenvironments: [dev, prod]\ncontext:\n  user: string\n${project}`,
    "flags/billing/invoice.yaml": flag(),
    "flags/checkout/new-flow.yaml": flag(),
    "flags/search/ranker.yaml": flag(),
    ...flags,
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function codeRepo(files: Record<string, string | Uint8Array>): TempGitRepo {
  const repo = tempGitRepo("flagctl-code-");
  cleanups.push(repo.cleanup);
  repo.write(files);
  repo.commit("code");
  return repo;
}

async function refsJson(cwd: string, ...args: string[]) {
  const r = await runCli(cwd, "refs", "--format", "json", ...args);
  return { ...r, json: JSON.parse(r.out) as { flags: Record<string, { file: string; line: number; column: number; text: string; alias?: string }[]>; unreferenced: string[]; unknown: { key: string; file: string; line: number; suggestion: string | null }[] } };
}

const where = (refs: { file: string; line: number; column: number }[]) => refs.map((r) => `${r.file}:${r.line}:${r.column}`);

describe("token boundaries", () => {
  const index = buildKeyIndex(["billing.invoice", "search.ranker"]);
  const found = (text: string) => scanText(text, index).hits.map((h) => `${h.spelling}@${h.line}:${h.column}`);

  it("matches a key only as a whole token", () => {
    expect(found('a("billing.invoice") b(\'billing.invoice\') `billing.invoice`')).toEqual(["billing.invoice@1:4", "billing.invoice@1:25", "billing.invoice@1:44"]);
    for (const text of ["billing.invoice-v2", "xbilling.invoice", "billing.invoice.pdf", "_billing.invoice", "billing.invoice_", "9billing.invoice", ".billing.invoice", "billing.invoice-", "flags.billing.invoice"]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it("counts any other character as a boundary: spaces, quotes, slashes, colons, brackets, non-ASCII", () => {
    expect(found("x/billing.invoice:y [billing.invoice] é billing.invoice€ (search.ranker)\tsearch.ranker")).toHaveLength(5);
  });

  it("finds every occurrence on a line and counts lines and columns from 1", () => {
    expect(found("\n\n  search.ranker search.ranker")).toEqual(["search.ranker@3:3", "search.ranker@3:17"]);
  });

  it("reads CRLF files: lines end at LF, text has no CR", () => {
    const r = scanText("one\r\ntwo billing.invoice\r\nthree\r\n  search.ranker\r\n", index);
    expect(r.hits.map((h) => [h.line, h.column, h.text])).toEqual([
      [2, 5, "two billing.invoice"],
      [4, 3, "  search.ranker"],
    ]);
  });

  it("cuts very long lines to a window around the match", () => {
    const h = scanText(`${"x ".repeat(2000)}billing.invoice${" y".repeat(2000)}`, index).hits[0];
    expect(h.column).toBe(4001);
    expect(h.text.length).toBeLessThan(260);
    expect(h.text).toContain("billing.invoice");
  });
});

describe("flagctl refs on git repositories", () => {
  it("reports file, line, column and text, comments included, prefixed with the code dir's name", async () => {
    const config = configRepo();
    const code = codeRepo({
      "src/invoice.ts": 'import { flags } from "./flags";\n\nif (flags.boolean("billing.invoice", ctx, false)) render();\n',
      "src/old.py": "# TODO: delete search.ranker once ranking v3 ships\nx = 1\n",
      "src/near-misses.ts": 'const a = "billing.invoice.pdf"; const b = xbilling.invoice; const c = billing.invoice-v2;\n',
    });
    const { code: exit, json } = await refsJson(config, "--code", code.dir);
    expect(exit).toBe(0);
    const name = code.dir.split("/").pop();
    expect(json.flags["billing.invoice"]).toEqual([{ file: `${name}/src/invoice.ts`, line: 3, column: 20, text: 'if (flags.boolean("billing.invoice", ctx, false)) render();' }]);
    expect(where(json.flags["search.ranker"])).toEqual([`${name}/src/old.py:1:16`]);
    expect(json.unreferenced).toEqual(["checkout.new-flow"]);
    expect(json.unknown).toEqual([]);
  });

  it("reads only files git tracks: not ignored, not untracked, not deleted", async () => {
    const config = configRepo();
    const code = codeRepo({ ".gitignore": "dist/\n*.log\n", "src/a.ts": "billing.invoice\n", "gone.ts": "search.ranker\n" });
    code.write({ "dist/bundle.js": "search.ranker checkout.new-flow\n", "debug.log": "checkout.new-flow\n", "src/untracked.ts": "checkout.new-flow\n" });
    code.remove("gone.ts"); // tracked but deleted from the work tree: skipped, not an error
    const { code: exit, json } = await refsJson(config, "--code", code.dir);
    expect(exit).toBe(0);
    expect(json.unreferenced).toEqual(["checkout.new-flow", "search.ranker"]);
    expect(json.flags["billing.invoice"]).toHaveLength(1);
  });

  it("scans a subdirectory of a git repository as that subtree of tracked files", async () => {
    const config = configRepo();
    const code = codeRepo({ "web/src/a.ts": "billing.invoice\n", "api/b.go": "search.ranker\n" });
    const { json } = await refsJson(config, "--code", join(code.dir, "web"));
    expect(where(json.flags["billing.invoice"])).toEqual(["web/src/a.ts:1:1"]);
    expect(json.flags["search.ranker"]).toEqual([]);
  });

  it("reads every file outside git except .git and node_modules, and skips binary and oversized files", async () => {
    const config = configRepo("refs:\n  maxFileSize: 1000\n");
    const dir = mkdtempSync(join(tmpdir(), "flagctl-plain-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, "node_modules/x"), { recursive: true });
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib/a.rb"), "flag?('checkout.new-flow')\n");
    writeFileSync(join(dir, "node_modules/x/i.js"), "billing.invoice\n");
    writeFileSync(join(dir, "logo.png"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from("billing.invoice")]));
    writeFileSync(join(dir, "big.txt"), `search.ranker\n${"x".repeat(2000)}\n`);
    const r = await refsJson(config, "--code", dir);
    expect(r.json.unreferenced).toEqual(["billing.invoice", "search.ranker"]);
    expect(where(r.json.flags["checkout.new-flow"])).toEqual([`${dir.split("/").pop()}/lib/a.rb:1:8`]);
    const text = await runCli(config, "refs", "--code", dir);
    expect(text.out).toMatch(/1 file, skipped 1 binary, 1 large/);
  });

  it("skips binary files git tracks", async () => {
    const config = configRepo();
    const code = codeRepo({ "img.bin": new Uint8Array([1, 0, 2, ...Buffer.from(" billing.invoice ")]), "a.txt": "search.ranker\n" });
    const { json } = await refsJson(config, "--code", code.dir);
    expect(json.flags["billing.invoice"]).toEqual([]);
    expect(json.flags["search.ranker"]).toHaveLength(1);
  });

  it("finds aliases when flagctl.yaml asks for them, and says which spelling was written", async () => {
    const config = configRepo("refs:\n  aliases: [camelCase, snake_case, UPPER_SNAKE]\n");
    const code = codeRepo({
      "flags.ts": "export const CHECKOUT_NEW_FLOW = 'x';\nuse(checkoutNewFlow, checkout_new_flow);\nBILLING_INVOICE_V2 billingInvoicePdf\n",
    });
    const { json } = await refsJson(config, "--code", code.dir);
    expect(json.flags["checkout.new-flow"].map((r) => [r.line, r.column, r.alias])).toEqual([
      [1, 14, "CHECKOUT_NEW_FLOW"],
      [2, 5, "checkoutNewFlow"],
      [2, 22, "checkout_new_flow"],
    ]);
    expect(json.flags["billing.invoice"]).toEqual([]);
    // Without refs.aliases, none of those count.
    const plain = await refsJson(configRepo(), "--code", code.dir);
    expect(plain.json.flags["checkout.new-flow"]).toEqual([]);
  });

  it("scans several code dirs, each prefix its own name; --code overrides code: in flagctl.yaml", async () => {
    const web = codeRepo({ "app.ts": "billing.invoice\n" });
    const api = codeRepo({ "main.go": '"search.ranker"\n' });
    const config = configRepo(`code:\n  - ${web.dir}\n  - ${api.dir}\n`);
    const both = await refsJson(config);
    const [w, a] = [web.dir, api.dir].map((d) => d.split("/").pop());
    expect(where(both.json.flags["billing.invoice"])).toEqual([`${w}/app.ts:1:1`]);
    expect(where(both.json.flags["search.ranker"])).toEqual([`${a}/main.go:1:2`]);
    const one = await refsJson(config, "--code", api.dir);
    expect(one.json.flags["billing.invoice"]).toEqual([]);
    expect(codeDirs(["/x/a/src", "/x/b/src", "/x/c"], "/x").map((d) => d.label)).toEqual(["a/src", "b/src", "c"]);
  });

  it("does not count the config repo's own files when a code dir holds it", async () => {
    const code = codeRepo({ "src/app.ts": "checkout.new-flow\n" });
    const config = configRepo("", { "tests/t.yaml": "tests:\n  - name: t\n    env: dev\n    expect: { billing.invoice: true }\n" });
    // The config repo lives inside the code repo, as in a monorepo.
    code.write({ "config/flagctl.yaml": "x" });
    const inner = join(code.dir, "config");
    rmSync(inner, { recursive: true });
    const { cpSync } = await import("node:fs");
    cpSync(config, inner, { recursive: true });
    code.write({ "config/README.md": "search.ranker is documented here\n" });
    code.commit("config inside");
    const { json } = await refsJson(inner, "--code", code.dir);
    expect(json.flags["billing.invoice"]).toEqual([]);
    expect(where(json.flags["search.ranker"]).map((f) => f.replace(/^[^/]+\//, ""))).toEqual(["config/README.md:1:1"]);
    expect(json.flags["checkout.new-flow"]).toHaveLength(1);
  });
});

describe("keys in code that name no flag", () => {
  it("reports a quoted key-shaped literal of a known area with a suggestion, and exits 1", async () => {
    const config = configRepo();
    const code = codeRepo({
      "a.ts": [
        'flags.boolean("billing.invoce", ctx)', // typo
        "flags.boolean('checkout.old-flow', ctx)", // deleted too early
        'const file = "billing.invoice.pdf"', // area billing.invoice has no flags: not key-like
        'i18n("payments.title")', // unknown area
        "x = billing.total", // not a literal
        'y = "Billing invoice"', // not key-shaped
        "z = `search.ranker`", // a real key
      ].join("\n"),
    });
    const r = await refsJson(config, "--code", code.dir);
    expect(r.code).toBe(1);
    expect(r.json.unknown.map((u) => [u.key, u.line, u.suggestion])).toEqual([
      ["billing.invoce", 1, "billing.invoice"],
      ["checkout.old-flow", 2, "checkout.new-flow"],
    ]);
    const gh = await runCli(config, "refs", "--code", code.dir, "--format", "github");
    expect(gh.code).toBe(1);
    expect(gh.out).toMatch(/^::error file=[^,]*a\.ts,line=1,col=16,title=REFS001::"billing\.invoce" looks like a flag key but no flag has it \(did you mean billing\.invoice\?\)/m);
    expect(gh.out).toMatch(/^::notice file=[^,]*a\.ts,line=7,col=6,title=flag search\.ranker::/m);
  });

  it("leaves literals listed under refs.ignore alone", async () => {
    const config = configRepo("refs:\n  ignore: [billing.invoce, 'checkout.old-*']\n");
    const code = codeRepo({ "a.ts": '"billing.invoce" "checkout.old-flow" "checkout.nope"\n' });
    const r = await refsJson(config, "--code", code.dir);
    expect(r.json.unknown.map((u) => u.key)).toEqual(["checkout.nope"]);
  });
});

describe("markdown", () => {
  it("is a table per flag with where it is used, unknown keys first", async () => {
    const config = configRepo();
    const code = codeRepo({ "a|b.ts": 'x("billing.invoice")\ny("billing.invoic")\n' });
    const r = await runCli(config, "refs", "--code", code.dir, "--format", "markdown");
    expect(r.code).toBe(1);
    const name = code.dir.split("/").pop();
    expect(r.out).toContain("**flagctl refs**: 3 flags: 1 referenced, 2 unreferenced; 1 unknown key in code");
    expect(r.out).toContain(`| \`${name}/a|b.ts:2:4\` | \`billing.invoic\` | \`billing.invoice\` |`.replace("a|b", "a\\|b"));
    expect(r.out).toContain("| `search.ranker` | 0 | _unreferenced_ |");
  });
});

describe("findRefs as a use case", () => {
  it("returns data with a summary per code dir and never prints", async () => {
    const code = codeRepo({ "a.ts": "billing.invoice\n", "b.bin": new Uint8Array([0, 1]) });
    const r = await findRefs({ keys: ["billing.invoice", "x.y"], codeDirs: codeDirs([code.dir], "/") });
    expect(r.dirs).toEqual([expect.objectContaining({ git: true, files: 1, skipped: { binary: 1, large: 0, unreadable: 0 } })]);
    expect(r.unreferenced).toEqual(["x.y"]);
    expect(r.flags["billing.invoice"][0]).toMatchObject({ key: "billing.invoice", line: 1, column: 1, path: join(code.dir, "a.ts") });
  });

  it("refuses a missing code dir with exit 2, and no code dirs at all", async () => {
    const config = configRepo();
    const r = await runCli(config, "refs", "--code", join(config, "nope"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/code directory .*nope does not exist/);
    const none = await runCli(config, "refs");
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no code directories/);
  });
});

/** Runs the built CLI with stdout on a pipe read to the end, however long. */
function piped(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout: Buffer.concat(chunks).toString("utf8") }));
  });
}

describe("the built CLI in a pipe", () => {
  it("lists files with spaces, tabs and non-ASCII in their names whole", async () => {
    const config = configRepo();
    const code = codeRepo({ "ünïcode dir/tab\tname.py": "checkout.new-flow\n", "a \"quoted\" name.ts": "search.ranker\n" });
    const { json } = await refsJson(config, "--code", code.dir);
    expect(json.flags["checkout.new-flow"].map((x) => x.file.split("/").slice(1).join("/"))).toEqual(["ünïcode dir/tab\tname.py"]);
    expect(json.flags["search.ranker"].map((x) => x.file.split("/").slice(1).join("/"))).toEqual(['a "quoted" name.ts']);
  });

  // Needs the executable to wait for stdout to drain before it exits (the clisafety change to src/bin.ts).
  it("writes every byte of a large JSON report to a pipe before exiting, and odd file names come through whole", async () => {
    const config = configRepo();
    const lines = Array.from({ length: 4000 }, (_, i) => `call(${i}, "billing.invoice") // search.ranker`).join("\n");
    const code = codeRepo({ "many refs.ts": lines, "ünïcode dir/tab\tname.py": "checkout.new-flow\n" });
    const r = await piped(config, ["refs", "--code", code.dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { flags: Record<string, { file: string }[]> };
    expect(json.flags["billing.invoice"]).toHaveLength(4000);
    expect(json.flags["search.ranker"]).toHaveLength(4000);
    expect(json.flags["checkout.new-flow"].map((x) => x.file.split("/").slice(1).join("/"))).toEqual(["ünïcode dir/tab\tname.py"]);
    expect(r.stdout.length).toBeGreaterThan(1_000_000);
  });
});
