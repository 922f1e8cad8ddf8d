// The GitHub workflows call the real CLI: every `flagctl …` in them must name a command and options that the
// program built by src/cli/program.ts declares. A test fails naming the workflow, step and invocation.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../src/cli/program.js";
import { captureIO } from "./helpers/runCli.js";
import { checkInvocation, invocationsIn, runScripts, simpleCommands, type Invocation } from "./helpers/workflowInvocations.js";

const ROOT = join(import.meta.dirname, "..");
const WORKFLOWS = ".github/workflows";
const ACTIONS = ".github/actions";

const workflowFiles = readdirSync(join(ROOT, WORKFLOWS))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => `${WORKFLOWS}/${f}`);
const actionFiles = existsSync(join(ROOT, ACTIONS))
  ? readdirSync(join(ROOT, ACTIONS))
      .map((d) => `${ACTIONS}/${d}/action.yml`)
      .filter((f) => existsSync(join(ROOT, f)))
  : [];
const allFiles = [...workflowFiles, ...actionFiles];
const text = (f: string) => readFileSync(join(ROOT, f), "utf8");
const invocations: Invocation[] = allFiles.flatMap((f) => runScripts(f, text(f)).flatMap((r) => invocationsIn(r.where, r.script)));

describe("workflow invocations match the CLI", () => {
  const { program } = buildProgram(captureIO(ROOT));

  it("finds the invocations the workflows are for", () => {
    const used = new Set(invocations.map((i) => i.args[0]));
    for (const cmd of ["validate", "test", "diff", "codeowners", "build", "publish", "promote", "rollout", "rollback", "status", "report"]) {
      expect(used, `no workflow runs flagctl ${cmd}`).toContain(cmd);
    }
  });

  it.each(invocations.map((inv) => [`${inv.where}: ${inv.text}`, inv] as const))("%s", (_name, inv) => {
    expect(checkInvocation(program, inv)).toEqual([]);
  });
});

describe("extracting invocations from run: scripts", () => {
  const args = (script: string) => invocationsIn("t", script).map((i) => i.args.map((a) => (typeof a === "string" ? a : `<${a.opaque}>`)));

  it("reads multi-line scripts, continuations, keywords, assignments and redirections", () => {
    const script = [
      "set -e",
      "flagctl validate --format github",
      "if [ -n \"$X\" ]; then FOO=1 flagctl rollout \"$ENV\" \\",
      "  --to 25 --store 's3://b/p' 2>&1 | tee log; fi",
      "echo \"flagctl is not called here\" # flagctl diff neither",
      "{ flagctl status > \"$GITHUB_STEP_SUMMARY\"; } && flagctl log prod >>out.txt",
    ].join("\n");
    expect(args(script)).toEqual([
      ["validate", "--format", "github"],
      ["rollout", "<$ENV>", "--to", "25", "--store", "s3://b/p"],
      ["status"],
      ["log", "prod"],
    ]);
  });

  it("recognises npx, npm exec, node bin/flagctl.js and a path to flagctl", () => {
    expect(args("npx flagctl test --offline\nnpx --no-install flagctl eval x\nnpm exec flagctl -- diff a b\nnode bin/flagctl.js build\nnode ./bin/flagctl.js status\n./node_modules/.bin/flagctl keygen")).toEqual([
      ["test", "--offline"],
      ["eval", "x"],
      ["diff", "a", "b"],
      ["build"],
      ["status"],
      ["keygen"],
    ]);
  });

  it("keeps ${{ }} expressions as one opaque argument, quotes and spaces included", () => {
    expect(args('flagctl diff --base origin/${{ github.base_ref }} --format markdown\nflagctl promote "${{ steps.x.outputs.version }}" ${{ inputs.env == \'prod\' && \'prod\' || "qa" }}')).toEqual([
      ["diff", "--base", "<origin/${{ github.base_ref }}>", "--format", "markdown"],
      ["promote", "<${{ steps.x.outputs.version }}>", "<${{ inputs.env == 'prod' && 'prod' || \"qa\" }}>"],
    ]);
  });

  it("finds invocations inside command substitutions", () => {
    expect(args('v="$(flagctl status --format json | jq .x)"\necho $(npx flagctl log qa)')).toEqual([
      ["status", "--format", "json"],
      ["log", "qa"],
    ]);
  });

  it("fails loudly on a script it cannot read", () => {
    expect(() => simpleCommands("flagctl validate 'unterminated")).toThrow(/unterminated/);
  });

  it("reports an unknown command, an unknown option, a bad choice and a missing argument", () => {
    const { program } = buildProgram(captureIO(ROOT));
    const check = (line: string) => invocationsIn("w.yml", line).flatMap((inv) => checkInvocation(program, inv));
    expect(check("flagctl frobnicate --x")).toEqual([expect.stringMatching(/^w\.yml: `flagctl frobnicate --x`: unknown command "frobnicate" \(the CLI has: .*codeowners/)]);
    expect(check("flagctl codeowners --chekc")).toEqual([expect.stringMatching(/unknown option --chekc for "flagctl codeowners" \(it has: --check, --cwd, --format/)]);
    expect(check("flagctl codeowners --format yaml")).toEqual([expect.stringMatching(/option --format "yaml" is not one of text, json/)]);
    expect(check("flagctl codeowners --cwd")).toEqual([expect.stringMatching(/option --cwd needs a value/)]);
    expect(check("flagctl codeowners extra")).toEqual([expect.stringMatching(/takes at most 0 argument\(s\), got 1/)]);
    expect(check('flagctl codeowners --check --cwd "$DIR" --format=json')).toEqual([]);
  });
});

// ---------------------------------------------------------------- structure

type Step = Record<string, unknown> & { uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; run?: string };
type Job = { permissions?: Record<string, string>; steps?: Step[]; environment?: unknown };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };
const load = (f: string) => parse(text(f)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe("workflow structure", () => {
  it("has the config repo's three workflows and the tool's CI", () => {
    expect(workflowFiles).toEqual([`${WORKFLOWS}/ci.yml`, `${WORKFLOWS}/main.yml`, `${WORKFLOWS}/pr.yml`, `${WORKFLOWS}/release.yml`]);
  });

  it("stores no AWS keys anywhere: AWS access is OIDC role assumption with id-token: write", () => {
    for (const f of allFiles) {
      expect(text(f), f).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/i);
    }
    const aws = workflowFiles.filter((f) => steps(load(f)).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")));
    expect(aws.sort()).toEqual([`${WORKFLOWS}/main.yml`, `${WORKFLOWS}/pr.yml`, `${WORKFLOWS}/release.yml`]);
    for (const f of aws) {
      const w = load(f);
      for (const [name, job] of Object.entries(w.jobs)) {
        const creds = (job.steps ?? []).filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        if (creds.length === 0) continue;
        expect(job.permissions?.["id-token"] ?? w.permissions?.["id-token"], `${f} job ${name}: permissions id-token`).toBe("write");
        for (const s of creds) {
          expect(Object.keys(s.with ?? {}).sort(), f).toEqual(["aws-region", "role-session-name", "role-to-assume"]);
          expect(String(s.with?.["role-to-assume"])).toMatch(/^\$\{\{ (vars|secrets)\.[A-Z_]+ \}\}$/);
        }
      }
    }
  });

  it("asks only for the permissions it needs", () => {
    expect(load(`${WORKFLOWS}/pr.yml`).permissions).toEqual({ contents: "read", "pull-requests": "write", "id-token": "write" });
    expect(load(`${WORKFLOWS}/main.yml`).permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(load(`${WORKFLOWS}/release.yml`).permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(load(`${WORKFLOWS}/ci.yml`).permissions).toEqual({ contents: "read" });
  });

  it("pr.yml: pull requests, full history, diff against the base posted as one sticky comment", () => {
    const w = load(`${WORKFLOWS}/pr.yml`);
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    const all = steps(w);
    expect(all.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
    const diff = invocations.find((i) => i.where.startsWith(`${WORKFLOWS}/pr.yml`) && i.args[0] === "diff")!;
    expect(diff.text).toBe('flagctl diff --base origin/${{ github.base_ref }} --store $STORE --format markdown');
    // Pull requests only ever get the read-only role.
    const creds = all.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(creds.map((s) => s.with?.["role-to-assume"])).toEqual(["${{ vars.FLAGCTL_AWS_READ_ROLE_ARN }}"]);
    const comment = all.find((s) => s.uses?.startsWith("actions/github-script@"));
    const script = String(comment?.with?.script);
    expect(script).toContain("<!-- flagctl-diff -->");
    expect(script).toMatch(/updateComment/);
    expect(script).toMatch(/createComment/);
  });

  it("pr.yml: an optional hygiene job checks the application code named by a repository variable", () => {
    const job = load(`${WORKFLOWS}/pr.yml`).jobs.hygiene;
    expect(job.if).toBe("${{ vars.FLAGCTL_CODE_REPO != '' }}");
    const code = (job.steps ?? []).find((s) => s.with?.repository !== undefined);
    expect(code?.with).toMatchObject({ repository: "${{ vars.FLAGCTL_CODE_REPO }}", path: ".flagctl-code" });
    const used = invocations.filter((i) => i.where.includes("hygiene")).map((i) => i.args.filter((a) => typeof a === "string").join(" "));
    expect(used).toEqual([
      "refs --code .flagctl-code --format github",
      "diff --base --code .flagctl-code --format markdown",
      "stale --code .flagctl-code --no-store --format markdown",
    ]);
  });

  it("main.yml: push to main, signing key from a secret, promote to the first pipeline env", () => {
    const w = load(`${WORKFLOWS}/main.yml`);
    expect(w.on).toEqual({ push: { branches: ["main"] } });
    const build = steps(w).find((s) => s.run?.includes("flagctl build"));
    expect(build?.env?.FLAGCTL_SIGNING_KEY).toBe("${{ secrets.FLAGCTL_SIGNING_KEY }}");
    const promote = invocations.find((i) => i.where.startsWith(`${WORKFLOWS}/main.yml`) && i.args[0] === "promote")!;
    expect(promote.args.slice(1, 3)).toEqual([{ opaque: "$VERSION" }, { opaque: "$FIRST_ENV" }]);
    expect(steps(w).find((s) => s.run?.includes("flagctl promote"))?.env?.FIRST_ENV).toBe("${{ steps.setup.outputs.first-env }}");
  });

  it("main.yml: writes the report and uploads the directory it wrote as an artifact", () => {
    const w = load(`${WORKFLOWS}/main.yml`);
    const report = invocations.find((i) => i.where.startsWith(`${WORKFLOWS}/main.yml`) && i.args[0] === "report")!;
    expect(report.args.slice(1, 3)).toEqual(["--out", { opaque: "$RUNNER_TEMP/flag-report" }]);
    const upload = steps(w).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("${{ runner.temp }}/flag-report");
  });

  it("release.yml: dispatch with action, env, version, percent, force, gate-url and reason; inputs never spliced into scripts", () => {
    const w = load(`${WORKFLOWS}/release.yml`);
    const inputs = (w.on.workflow_dispatch as { inputs: Record<string, { type: string; options?: string[] }> }).inputs;
    expect(Object.keys(inputs).sort()).toEqual(["action", "env", "force", "gate-url", "percent", "reason", "version"]);
    expect(inputs.action.options).toEqual(["promote", "rollout", "watch", "rollback"]);
    for (const s of steps(w)) expect(s.run ?? "", String(s.name)).not.toMatch(/\$\{\{/);
    const used = invocations.filter((i) => i.where.startsWith(`${WORKFLOWS}/release.yml`)).map((i) => i.args[0]);
    expect(new Set(used)).toEqual(new Set(["promote", "rollout", "rollback", "status"]));
    const watch = invocations.filter((i) => i.where.startsWith(`${WORKFLOWS}/release.yml`) && i.args.includes("--watch"));
    expect(watch.length).toBeGreaterThan(0);
  });

  it("pins every action to a version and uses Node 20", () => {
    for (const f of allFiles) {
      const doc = parse(text(f)) as Workflow & { runs?: { steps: Step[] } };
      const all = [...(doc.jobs ? steps(doc) : []), ...(doc.runs?.steps ?? [])];
      for (const s of all.filter((x) => x.uses)) {
        if (s.uses!.startsWith("./")) expect(existsSync(join(ROOT, s.uses!, "action.yml")), `${f}: ${s.uses}`).toBe(true);
        else expect(s.uses, f).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40})$/);
        if (s.uses!.startsWith("actions/setup-node@")) expect(s.with?.["node-version"], f).toBe(20);
      }
      if (doc.runs) for (const s of doc.runs.steps.filter((x) => x.run)) expect(s.shell, `${f}: ${String(s.name)}`).toBe("bash");
    }
  });

  it("every run: script is valid bash (bash -n)", () => {
    const scripts = allFiles.flatMap((f) => runScripts(f, text(f)));
    expect(scripts.length).toBeGreaterThan(10);
    for (const { where, script } of scripts) {
      const res = spawnSync("bash", ["-n"], { input: script.replace(/\$\{\{[\s\S]*?\}\}/g, "EXPR"), encoding: "utf8" });
      expect(res.stderr, where).toBe("");
      expect(res.status, where).toBe(0);
    }
  });

  it("setup-flagctl reads the store and first pipeline env from flagctl.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "flagctl-action-"));
    const script = join(ROOT, ACTIONS, "setup-flagctl/project-info.mjs");
    const run = (env: Record<string, string> = {}) => execFileSync("node", [script], { cwd: dir, env: { ...process.env, STORE_OVERRIDE: "", ...env }, encoding: "utf8" });
    try {
      writeFileSync(join(dir, "flagctl.yaml"), "project: x\nenvironments: [dev, staging, prod]\npipeline: [staging, prod]\nstore: s3://acme-flags/web\n");
      expect(run()).toBe("store=s3://acme-flags/web\nfirst-env=staging\n");
      expect(run({ STORE_OVERRIDE: "file:///srv/flags" })).toBe("store=file:///srv/flags\nfirst-env=staging\n");
      writeFileSync(join(dir, "flagctl.yaml"), "project: x\nenvironments: [dev]\n");
      expect(run()).toBe("store=\nfirst-env=\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the sticky comment script creates one comment, then edits it on every later push", async () => {
    const script = String(steps(load(`${WORKFLOWS}/pr.yml`)).find((x) => x.uses?.startsWith("actions/github-script@"))?.with?.script);
    // An in-memory stand-in for the GitHub REST API: there is no GitHub to test against here.
    type C = { id: number; body: string; user: { type: string } };
    const comments: C[] = [{ id: 1, body: "<!-- flagctl-diff -->\nquoted by a human", user: { type: "User" } }];
    const github = {
      paginate: async (fn: (a: unknown) => Promise<{ data: C[] }>, a: unknown) => (await fn(a)).data,
      rest: {
        issues: {
          listComments: async () => ({ data: comments }),
          createComment: async ({ body }: { body: string }) => void comments.push({ id: comments.length + 1, body, user: { type: "Bot" } }),
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void (comments.find((c) => c.id === comment_id)!.body = body),
        },
      },
    };
    const context = { repo: { owner: "acme", repo: "flags" }, payload: { pull_request: { number: 7 } } };
    const dir = mkdtempSync(join(tmpdir(), "flagctl-comment-"));
    const file = join(dir, "flag-diff.md");
    const require = createRequire(import.meta.url);
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...a: string[]) => (...v: unknown[]) => Promise<void>;
    const run = async (diff: string) => {
      writeFileSync(file, diff);
      process.env.DIFF_FILE = file;
      await new AsyncFunction("require", "github", "context", script)(require, github, context);
    };
    try {
      await run("## prod\n| flag | change |\n");
      await run("## prod\n| flag | change v2 |\n");
      expect(comments).toHaveLength(2);
      expect(comments[0].body).toBe("<!-- flagctl-diff -->\nquoted by a human");
      expect(comments[1].body).toBe("<!-- flagctl-diff -->\n## prod\n| flag | change v2 |\n");
      await run("");
      expect(comments[1].body).toBe("<!-- flagctl-diff -->\nNo flag changes.");
      await run("x".repeat(70_000));
      expect(comments[1].body.length).toBeLessThan(65_536);
      expect(comments[1].body).toMatch(/truncated; the full diff is in the job summary\.$/);
      expect(comments).toHaveLength(2);
    } finally {
      delete process.env.DIFF_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
