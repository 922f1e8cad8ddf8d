// `flagctl diff --code`: a change that deletes a flag code still references says so (real git repos).
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/runCli.js";
import { tempGitRepo } from "./helpers/tempGitRepo.js";

const flag = 'description: d\nowner: "@t"\nkind: ops\ndefault: false\nenvironments:\n  dev: true\n';
const config = tempGitRepo("flagctl-config-");
const code = tempGitRepo("flagctl-code-");
afterAll(() => {
  config.cleanup();
  code.cleanup();
});

describe("diff --code", () => {
  it("notes removed flags that code still references, and only those", async () => {
    config.write({ "flagctl.yaml": "project: t\nenvironments: [dev, prod]\ncontext:\n  user: string\n", "flags/a/used.yaml": flag, "flags/a/unused.yaml": flag, "flags/a/kept.yaml": flag });
    config.commit("flags");
    code.write({ "src/x.ts": 'flags.boolean("a.used", ctx, false);\nflags.boolean("a.kept", ctx, false);\n' });
    code.commit("code");
    config.remove("flags/a/used.yaml", "flags/a/unused.yaml");

    const json = await runCli(config.dir, "diff", "--base", "HEAD", "--code", code.dir, "--format", "json");
    expect(json.code).toBe(0);
    const name = code.dir.split("/").pop();
    expect(JSON.parse(json.out).stillReferenced).toEqual([{ key: "a.used", count: 1, where: [`${name}/src/x.ts:1`] }]);

    const text = await runCli(config.dir, "diff", "--base", "HEAD", "--code", code.dir);
    expect(text.out).toContain(`⚠ 1 removed flag still referenced in code:\n  a.used: 1 reference (${name}/src/x.ts:1)`);
    const md = await runCli(config.dir, "diff", "--base", "HEAD", "--code", code.dir, "--format", "markdown");
    expect(md.out).toContain("> **1 removed flag is still referenced in code**");

    // Without --code, nothing is scanned and nothing is said.
    const plain = await runCli(config.dir, "diff", "--base", "HEAD", "--format", "json");
    expect(JSON.parse(plain.out).stillReferenced).toBeUndefined();
  });
});
