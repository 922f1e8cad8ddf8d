import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkRepo, BEGIN_MARKER, END_MARKER, codeownersFinding } from "../src/core/index.js";
import { readCodeownersFile } from "../src/repo/codeownersFile.js";
import { readRepo } from "../src/repo/readRepo.js";
import { schemaValidator } from "../src/schemas.js";
import { runCli } from "./helpers/runCli.js";
import { tempGitRepo, type TempGitRepo } from "./helpers/tempGitRepo.js";

const PROJECT = "project: t\nenvironments: [dev, prod]\npipeline: [prod]\ncontext:\n  user: string\n";
// Schema-valid flags; one without owner still loads (lint reports FLAG002), which must not block codeowners.
const flag = (owner?: string) => `description: a flag\n${owner ? `owner: "${owner}"\n` : ""}kind: ops\ntype: boolean\ndefault: false\nenvironments:\n  dev: true\n`;

let repos: TempGitRepo[] = [];
afterEach(() => {
  for (const r of repos) r.cleanup();
  repos = [];
});
function configRepo(prefix = ""): TempGitRepo {
  const r = tempGitRepo();
  repos.push(r);
  r.write({
    [`${prefix}flagctl.yaml`]: PROJECT,
    [`${prefix}flags/checkout/new-flow.yaml`]: flag("@acme/payments"),
    [`${prefix}flags/search/ranker.yaml`]: flag("@acme/search"),
    [`${prefix}flags/unowned.yaml`]: flag(),
  });
  r.commit("config");
  return r;
}
const read = (r: TempGitRepo) => readFileSync(join(r.dir, ".github/CODEOWNERS"), "utf8");

describe("flagctl codeowners", () => {
  it("writes .github/CODEOWNERS, then --check passes and a second run changes nothing", async () => {
    const r = configRepo();
    const first = await runCli(r.dir, "codeowners");
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toBe("wrote .github/CODEOWNERS: 2 flag files owned (2 lines to add)\n");
    expect(read(r)).toBe(
      [
        `${BEGIN_MARKER} - do not edit this block; run \`flagctl codeowners\` to update it.`,
        "# One line per flag file, from the flag's `owner:`. Lines below the block take precedence over it.",
        "/flags/checkout/new-flow.yaml @acme/payments",
        "/flags/search/ranker.yaml @acme/search",
        END_MARKER,
        "",
      ].join("\n"),
    );
    expect(readdirSync(join(r.dir, ".github"))).toEqual(["CODEOWNERS"]);
    expect(await runCli(r.dir, "codeowners", "--check")).toEqual({ code: 0, out: ".github/CODEOWNERS is up to date (2 flag files owned)\n", err: "" });
    expect(await runCli(r.dir, "codeowners")).toMatchObject({ code: 0, out: ".github/CODEOWNERS is already up to date\n" });
  });

  it("--check exits 1 and names what differs, without writing", async () => {
    const r = configRepo();
    const missing = await runCli(r.dir, "codeowners", "--check");
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/^\.github\/CODEOWNERS does not exist\n {2}\+ \/flags\/checkout\/new-flow.yaml @acme\/payments\n/);
    expect(existsSync(join(r.dir, ".github"))).toBe(false);

    await runCli(r.dir, "codeowners");
    r.write({ "flags/search/ranker.yaml": flag("@acme/search-v2"), "flags/banner.yaml": flag("@acme/web") });
    const before = read(r);
    const stale = await runCli(r.dir, "codeowners", "--check");
    expect(stale.code).toBe(1);
    expect(stale.out).toBe(
      [
        ".github/CODEOWNERS is out of date: 2 lines to add, 1 line to remove",
        "  + /flags/banner.yaml @acme/web",
        "  + /flags/search/ranker.yaml @acme/search-v2",
        "  - /flags/search/ranker.yaml @acme/search",
        "run `flagctl codeowners` and commit the file",
        "",
      ].join("\n"),
    );
    expect(read(r)).toBe(before);
    const json = await runCli(r.dir, "codeowners", "--check", "--format", "json");
    expect(JSON.parse(json.out)).toEqual({
      file: ".github/CODEOWNERS",
      upToDate: false,
      added: ["/flags/banner.yaml @acme/web", "/flags/search/ranker.yaml @acme/search-v2"],
      removed: ["/flags/search/ranker.yaml @acme/search"],
    });
  });

  it("--format github adds a workflow annotation on the file", async () => {
    const r = configRepo();
    r.write({ ".github/CODEOWNERS": "* @acme/platform\n" });
    const res = await runCli(r.dir, "codeowners", "--check", "--format", "github");
    expect(res.code).toBe(1);
    expect(res.out.split("\n")[0]).toBe("::error file=.github/CODEOWNERS,line=3,title=OWN001::.github/CODEOWNERS is out of date: 2 lines to add; run flagctl codeowners");
    expect(res.out.split("\n")[1]).toBe(".github/CODEOWNERS is out of date: 2 lines to add");
    await runCli(r.dir, "codeowners");
    expect(await runCli(r.dir, "codeowners", "--check", "--format", "github")).toMatchObject({ code: 0, out: ".github/CODEOWNERS is up to date (2 flag files owned)\n" });
  });

  it("keeps hand-written lines around the generated block", async () => {
    const r = configRepo();
    r.write({ ".github/CODEOWNERS": "# platform owns everything by default\n* @acme/platform\n" });
    await runCli(r.dir, "codeowners");
    const text = read(r) + "/.github/workflows/ @acme/release-captains\n";
    r.write({ ".github/CODEOWNERS": text, "flags/unowned.yaml": flag("@acme/ops") });
    expect((await runCli(r.dir, "codeowners")).code).toBe(0);
    const after = read(r);
    expect(after.startsWith("# platform owns everything by default\n* @acme/platform\n\n# BEGIN flagctl generated")).toBe(true);
    expect(after).toContain("/flags/unowned.yaml @acme/ops\n# END flagctl generated\n/.github/workflows/ @acme/release-captains\n");
    expect((await runCli(r.dir, "codeowners", "--check")).out).toBe(".github/CODEOWNERS is up to date (3 flag files owned)\n");
  });

  it("in a config repo below the git root, writes the git root's CODEOWNERS with prefixed paths", async () => {
    const r = configRepo("deploy/flags/");
    const res = await runCli(join(r.dir, "deploy"), "codeowners", "--cwd", "flags");
    expect(res.code).toBe(0);
    expect(read(r)).toContain("/deploy/flags/flags/checkout/new-flow.yaml @acme/payments\n");
    expect(existsSync(join(r.dir, "deploy/flags/.github"))).toBe(false);
  });

  it("refuses broken markers with exit 1 and leaves the file alone", async () => {
    const r = configRepo();
    const broken = `* @acme/platform\n${BEGIN_MARKER}\n/flags/x.yaml @x\n`;
    r.write({ ".github/CODEOWNERS": broken });
    const res = await runCli(r.dir, "codeowners");
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^flagctl: \.github\/CODEOWNERS:2: CODEOWNERS has "# BEGIN flagctl generated" without "# END flagctl generated"\n {2}hint: /);
    expect(read(r)).toBe(broken);
  });

  it("refuses while a flag file does not load, naming it, and writes nothing", async () => {
    const r = configRepo();
    r.write({ "flags/search/ranker.yaml": "owner: '@acme/search'\nenvironments: [oops\n" });
    const res = await runCli(r.dir, "codeowners");
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^flagctl: 1 flag file did not load, so their owners would be dropped: flags\/search\/ranker\.yaml/);
    expect(existsSync(join(r.dir, ".github"))).toBe(false);
  });

  it("readCodeownersFile + codeownersFinding: what validate reports, from a subdirectory config repo", async () => {
    const r = configRepo("deploy/flags/");
    const root = join(r.dir, "deploy/flags");
    const load = () => {
      const { files } = readRepo(root);
      return checkRepo(files, { today: "2026-01-01", validator: schemaValidator() }).repo!;
    };
    const none = await readCodeownersFile(root);
    expect(none).toEqual({ path: join(r.git("rev-parse", "--show-toplevel").trim(), ".github/CODEOWNERS"), prefix: "deploy/flags/" });
    expect(codeownersFinding(load(), none.text, none)).toBeUndefined();
    await runCli(root, "codeowners");
    const fresh = await readCodeownersFile(root);
    expect(codeownersFinding(load(), fresh.text, fresh)).toBeUndefined();
    r.write({ "deploy/flags/flags/search/ranker.yaml": flag("@acme/search-v2") });
    expect(codeownersFinding(load(), fresh.text, fresh)).toMatchObject({ code: "OWN001", file: "../../.github/CODEOWNERS", line: 1, message: "CODEOWNERS is out of date: 1 line to add, 1 line to remove" });
  });

  it("exits 2 outside a config repo", async () => {
    const r = tempGitRepo();
    repos.push(r);
    const res = await runCli(r.dir, "codeowners");
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/flagctl\.yaml/);
  });

  it("this repository's own .github/CODEOWNERS is up to date with its example flags", async () => {
    const res = await runCli(join(import.meta.dirname, ".."), "codeowners", "--check");
    expect(res.out).toMatch(/^\.github\/CODEOWNERS is up to date \(\d+ flag files owned\)\n$/);
    expect(res.code).toBe(0);
  });
});
