// Every command's text and JSON output on the example repo, compared byte for byte with goldens captured from
// the CLI before the application layer was restructured (issue 9): a refactor must not change what users see.
// Run with UPDATE_GOLDENS=1 to re-capture after an intended output change, and review the diff.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { captureIO } from "./helpers/runCli.js";

const ROOT = join(import.meta.dirname, "..");
const GOLDEN = join(import.meta.dirname, "goldens/cli.txt");
const T1 = "2026-01-02T03:04:05Z";
const T2 = "2026-01-03T03:04:05Z";

const tmp = mkdtempSync(join(tmpdir(), "flagctl-goldens-"));
const repo = join(tmp, "repo");
afterAll(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));

function git(date: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: "Golden", GIT_AUTHOR_EMAIL: "golden@example.com", GIT_COMMITTER_NAME: "Golden", GIT_COMMITTER_EMAIL: "golden@example.com", GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: "1", HOME: tmp };
  return execFileSync("git", args, { cwd: repo, env, encoding: "utf8" });
}

function setUpRepo(): void {
  mkdirSync(repo);
  for (const p of ["flagctl.yaml", "flags", "segments", "tests", "config-schemas", ".github/CODEOWNERS", ".gitignore"]) cpSync(join(ROOT, p), join(repo, p), { recursive: true });
  git(T1, "init", "-q", "-b", "main");
  git(T1, "config", "gc.auto", "0");
  git(T1, "add", "-A");
  git(T1, "commit", "-q", "-m", "example repo");
}

function secondCommit(): void {
  const f = join(repo, "flags/checkout/paypal.yaml");
  writeFileSync(f, readFileSync(f, "utf8").replace(/^description: .*$/m, "description: PayPal at checkout (golden edit)").replace("default: false", "default: true"));
  git(T2, "commit", "-q", "-am", "second");
}

/** Paths, instants and ages vary per run; everything else must match. */
function normalise(text: string, columns: boolean): string {
  const t = text
    .replaceAll(tmp, "<TMP>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<TIME>")
    .replace(/"(ageMs|dueInMs|elapsedMs|bakeLeftMs)": \d+/g, '"$1": <MS>')
    .replace(/\b(\d+(\.\d+)?(ms|d|h|m|s))+\b/g, "<DUR>");
  // A status table's column widths follow the ages in it.
  return columns ? t.replace(/ {2,}/g, "  ") : t;
}

const steps: { name: string; argv: string[] }[] = [];
const step = (...argv: string[]) => steps.push({ name: argv.join(" "), argv });

const now = "2026-06-01T00:00:00Z";
for (const f of ["text", "json", "github", "markdown"]) step("validate", "--format", f);
for (const f of ["text", "json", "github"]) step("test", "--offline", "--now", now, "--format", f);
step("test", "--offline", "--now", now, "--filter", "checkout");
for (const f of ["text", "json"]) {
  step("eval", "--all", "--env", "prod", "--static", "region=us-east-1", "--static", "host=web-1", "--ctx", "user=U024BE7LD", "--ctx", "country=US", "--ctx", `now=${now}`, "--format", f);
  step("eval", "checkout.new-flow", "growth.onboarding-checklist", "--env", "prod", "--ctx", "user=U024BE7LD", "--ctx", "country=US", "--ctx", `now=${now}`, "--explain", "--format", f);
  step("eval", "checkout.new-flw", "--env", "prod", "--format", f);
}
step("eval", "checkout.new-flow", "--env", "nope");
for (const f of ["text", "json", "github"]) step("codeowners", "--check", "--format", f);
for (const f of ["text", "json"]) step("status", "--format", f);
step("build", "--offline");
step("build", "--offline", "--format", "json");
const V1 = "v20260102.030405-";
step("publish", "BUILD1", "--format", "json");
step("publish", "BUILD1");
step("promote", "V1", "prod");
step("promote", "V1", "dev");
step("promote", "V1", "qa", "--format", "json");
step("promote", "V1", "staging", "--reason", "golden");
for (const f of ["text", "json"]) step("status", "--format", f);
step("rollout", "staging", "--bake", "0s");
step("rollout", "staging", "--bake", "0s");
step("promote", "V1", "dogfood");
step("rollout", "dogfood", "--bake", "0s");
step("promote", "V1", "prod", "--format", "json");
step("rollout", "prod");
step("rollout", "prod", "--bake", "0s");
step("rollout", "prod", "--bake", "0s", "--format", "json");
step("rollout", "prod", "--to", "40", "--force", "--reason", "hurry");
step("status", "staging");
step("status", "prod", "--format", "json");
step("SECOND");
for (const f of ["text", "json", "markdown"]) step("diff", "--base", "HEAD~1", "--format", f);
step("diff", "prod@HEAD~1", "prod", "--exit-code");
step("publish", "--build", "--offline");
step("promote", "V2", "staging", "--reason", "second");
step("rollout", "staging", "--to", "10", "--force", "--reason", "faster");
for (const f of ["text", "json", "markdown"]) step("diff", "staging@deployed", "V2", "--format", f);
step("diff", "V1:prod", "prod");
for (const f of ["text", "json"]) step("status", "--format", f);
step("rollback", "staging", "--reason", "changed our mind");
step("rollback", "staging", "--format", "json");
step("rollback", "prod", "--format", "json");
step("log", "prod", "--format", "json");
for (const f of ["text", "json"]) step("log", "staging", "--format", f);
step("log", "dev", "--limit", "1");
step("promote", "V2", "nope");
step("rollout", "dev");

async function runAll(): Promise<string> {
  setUpRepo();
  const env = { FLAGCTL_ACTOR: "golden", NO_COLOR: "1", HOME: tmp };
  let out = "";
  let v1 = "";
  let v2 = "";
  for (const s of steps) {
    if (s.name === "SECOND") {
      secondCommit();
      continue;
    }
    const argv = s.argv.map((a) => a.replace("BUILD1", join(repo, ".flagctl/build", v1)).replace(/^V1/, v1).replace(/^V2/, v2));
    const io = captureIO(repo, env);
    const code = await main(argv, io);
    if (s.argv[0] === "build" && s.argv.length === 2) v1 = io.out.trim().split("/").pop()!;
    if (s.argv[0] === "publish" && s.argv[1] === "--build") v2 = /v\d{8}\.\d{6}-[0-9a-f]+/.exec(io.err + io.out)![0];
    out += `=== flagctl ${s.name}\n--- exit ${code}\n--- stdout\n${normalise(io.out, s.argv[0] === "status")}--- stderr\n${normalise(io.err, s.argv[0] === "status")}`;
  }
  if (!v1.startsWith(V1)) throw new Error(`unexpected first version ${v1}`);
  return out;
}

describe("CLI output on the example repo", () => {
  it("matches the goldens", { timeout: 300_000 }, async () => {
    const actual = await runAll();
    if (process.env.UPDATE_GOLDENS === "1" || !existsSync(GOLDEN)) {
      writeFileSync(GOLDEN, actual);
      return;
    }
    const want = readFileSync(GOLDEN, "utf8").split("\n=== ");
    const got = actual.split("\n=== ");
    for (let i = 0; i < Math.max(want.length, got.length); i++) expect(got[i]).toBe(want[i]);
  });
});
