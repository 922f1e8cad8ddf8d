// Black-box `flagctl build` / `publish --build` on clones of this repository (its example config repo):
// deterministic bytes across builds and clones, refusal on invalid config, parent from the store.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeys } from "../src/release/sign.js";
import { ROOT } from "./helpers/dist.js";
import { flagctl, tempDir } from "./helpers/releaseFixture.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "pipe" }).toString().trim();

function clone(): string {
  const dir = join(tempDir("flagctl-clone-"), "repo");
  git(ROOT, "clone", "-q", ROOT, dir);
  return dir;
}

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

let a: string;
let b: string;
let keyFile: string;
beforeAll(() => {
  a = clone();
  b = clone();
  keyFile = join(tempDir("flagctl-key-"), "k.key");
  writeFileSync(keyFile, generateSigningKeys().privateKey);
});

describe("flagctl build", () => {
  it("builds byte-identical releases twice and in two clones", { timeout: 120_000 }, async () => {
    const build = async (cwd: string) => {
      const r = await flagctl(cwd, ["build", "--offline", "--sign-key", keyFile, "--format", "json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { dir: string; version: string; written: string; signed: boolean };
    };
    const first = await build(a);
    expect(first.version).toMatch(/^v\d{8}\.\d{6}-[0-9a-f]{7}$/);
    expect(first.dir).toBe(join(a, ".flagctl/build", first.version));
    expect(first.signed).toBe(true);
    const before = files(first.dir);
    expect([...before.keys()].sort()).toEqual(
      ["envs/dev.json", "envs/dogfood.json", "envs/prod.json", "envs/qa.json", "envs/staging.json", "manifest.json", "manifest.sig"],
    );
    const again = await build(a);
    expect(again.written).toBe("unchanged");
    const other = await build(b);
    expect(other.version).toBe(first.version);
    const theirs = files(other.dir);
    for (const [path, body] of before) expect(theirs.get(path)?.equals(body), path).toBe(true);
    const manifest = JSON.parse(before.get("manifest.json")!.toString());
    expect(manifest.commit).toBe(git(a, "rev-parse", "HEAD"));
    expect(manifest.createdAt).toBe(new Date(Number(git(a, "show", "-s", "--format=%ct")) * 1000).toISOString());
    expect(manifest.dirty).toBe(false);
    expect(before.get("manifest.json")!.toString()).not.toContain(a);
  });

  it("refuses to build an invalid repo and writes nothing", async () => {
    const c = clone();
    const flag = join(c, "flags/checkout/new-flow.yaml");
    writeFileSync(flag, readFileSync(flag, "utf8").replace(/^default: .*$/m, "default: [unclosed"));
    const r = await flagctl(c, ["build", "--offline"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("flags/checkout/new-flow.yaml");
    expect(r.stderr).toContain("nothing was built");
    expect(existsSync(join(c, ".flagctl/build"))).toBe(false);
  });

  it("refuses to build when a golden test fails, and writes nothing", async () => {
    const c = clone();
    const flag = join(c, "flags/checkout/new-flow.yaml");
    const text = readFileSync(flag, "utf8");
    expect(text).toContain("true: 25, false: 75");
    writeFileSync(flag, text.replace("true: 25, false: 75", "true: 30, false: 70"));
    const r = await flagctl(c, ["build", "--offline"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("checkout.new-flow");
    expect(r.stderr).toMatch(/golden tests or checks failed \(\d+ passed, [1-9]\d* failed/);
    expect(existsSync(join(c, ".flagctl/build"))).toBe(false);
  });

  it("a dirty tree builds -dirty, which publish --build refuses without --allow-dirty", async () => {
    const c = clone();
    const store = pathToFileURL(tempDir("flagctl-store-")).href;
    writeFileSync(join(c, "NOTES.txt"), "uncommitted\n");
    let r = await flagctl(c, ["publish", "--build", "--offline", "--store", store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--allow-dirty");
    r = await flagctl(c, ["publish", "--build", "--offline", "--store", store, "--allow-dirty"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/published v\S+-dirty/);
  });

  it("publish --build takes the newest older release in the store as parent and lists changed flags", { timeout: 120_000 }, async () => {
    const c = clone();
    const store = pathToFileURL(tempDir("flagctl-store-")).href;
    expect((await flagctl(c, ["publish", "--build", "--offline", "--store", store])).code).toBe(0);
    const v1 = git(c, "show", "-s", "--format=%H").slice(0, 7);
    mkdirSync(join(c, "flags/demo"), { recursive: true });
    writeFileSync(
      join(c, "flags/demo/kill-switch.yaml"),
      'description: Turns the demo widget off\nowner: "@acme/platform"\nkind: kill-switch\ntype: boolean\ndefault: false\nenvironments:\n  dev: true\n',
    );
    // A new owner line in .github/CODEOWNERS is part of the change (validate checks it is up to date).
    expect((await flagctl(c, ["codeowners"])).code).toBe(0);
    git(c, "add", "flags/demo", ".github/CODEOWNERS");
    git(c, "commit", "-qam", "add a kill switch", "--date", "2030-01-01T00:00:00Z");
    const r = await flagctl(c, ["publish", "--build", "--offline", "--store", store], {
      GIT_COMMITTER_DATE: "2030-01-01T00:00:00Z",
    });
    expect(r.code).toBe(0);
    const dirs = readdirSync(join(c, ".flagctl/build")).sort();
    expect(dirs).toHaveLength(2);
    const m2 = JSON.parse(readFileSync(join(c, ".flagctl/build", dirs.find((d) => !d.includes(v1))!, "manifest.json"), "utf8"));
    expect(m2.parent).toContain(v1);
    expect(m2.changedFlags).toEqual([{ key: "demo.kill-switch", change: "added", envs: ["dev", "dogfood", "prod", "qa", "staging"] }]);
  });
});
