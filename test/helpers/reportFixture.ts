// A config repo with git history and a file:// store with a release history, built with the real CLI (dist/):
// what `flagctl report` is tested on, in the browser and without.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import { flagctl, tempDir } from "./releaseFixture.js";
import { tempGitRepo, type TempGitRepo } from "./tempGitRepo.js";

export const CAPTAIN = "captain-ada";
export const HOSTILE = `<script>alert("owned")</script> & "quotes"`;

const PROJECT = `project: cockpit-demo
environments: [dev, staging, prod]
pipeline: [staging, prod]
rollout:
  prod: { steps: [10, 50, 100], bake: 0s }
context:
  user: string
  team: string
  country: string
`;

const newFlow = (share: number) => `description: Saved-card checkout flow
owner: "@acme/payments"
kind: release
expires: 2099-03-01
default: false
environments:
  dev: true
  staging:
    rules:
      - name: staff first
        if: { team: { in: [T0STAFF] } }
        serve: true
    serve: false
  prod:
    rules:
      - name: launch partners
        if: { team: { in: [T024BE7LD, T0ABCDEF1] } }
        serve: true
      - if: { country: { in: [CN, RU] } }
        serve: false
    serve: { rollout: { true: ${share}, false: ${100 - share} }, by: user }
`;

export interface ReportFixture {
  repo: TempGitRepo;
  store: string;
  storeDir: string;
  version: string;
  run: (args: string[], env?: NodeJS.ProcessEnv) => ReturnType<typeof flagctl>;
}

export async function reportFixture(): Promise<ReportFixture> {
  const repo = tempGitRepo("flagctl-report-");
  repo.write({
    "flagctl.yaml": PROJECT,
    "flags/checkout/new-flow.yaml": newFlow(25),
    "flags/search/ranker.yaml": `description: Search ranking model\nowner: "@acme/search"\nkind: experiment\nexpires: 2099-01-01\ntype: string\ndefault: bm25\nenvironments:\n  dev: neural-v2\n  staging: neural-v2\n  prod: bm25\n`,
    "flags/ops/maintenance.yaml": `description: ${JSON.stringify(HOSTILE)}\nowner: "@acme/sre"\nkind: kill-switch\ndefault: false\nenvironments:\n  dev: false\n  staging: false\n  prod: false\n`,
    "flags/growth/old-banner.yaml": `description: Banner from a campaign long gone\nowner: "@acme/growth"\nkind: release\nexpires: 2099-06-01\ndefault: false\nenvironments:\n  dev: true\n  staging: true\n  prod: true\n`,
    "tests/checkout.yaml": `tests:\n  - name: a share of prod users get the new flow\n    env: prod\n    flag: checkout.new-flow\n    population: { size: 4000, vary: user }\n    expect: { share: { true: 50 }, tolerance: 3 }\n`,
  });
  repo.commit("flags: first cut");
  repo.write({ "flags/checkout/new-flow.yaml": newFlow(50) });
  repo.git("add", "-A");
  repo.git("commit", "-q", "--author", "Ada Lovelace <ada@example.com>", "-m", "checkout: half of prod");

  const storeDir = tempDir("flagctl-report-store-");
  const store = pathToFileURL(storeDir).href;
  const run = (args: string[], env?: NodeJS.ProcessEnv) => flagctl(repo.dir, [...args, "--store", store], { FLAGCTL_ACTOR: CAPTAIN, ...env });
  const out = join(tempDir("flagctl-report-build-"), "release");
  const build = await flagctl(repo.dir, ["build", "--out", out]);
  expect(build.code).toBe(0);
  const version = (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { version: string }).version;
  const ok = async (args: string[]) => {
    const r = await run(args);
    expect(r.stderr, args.join(" ")).toBe("");
    expect(r.code, args.join(" ")).toBe(0);
  };
  await ok(["publish", out]);
  await ok(["promote", version, "staging", "--reason", "nightly"]);
  await ok(["promote", version, "prod", "--reason", "release train 48"]);
  await ok(["rollout", "prod", "--reason", "canary looks fine"]);
  await ok(["rollback", "prod", "--reason", "error rate up on checkout"]);
  await ok(["promote", version, "prod", "--reason", "fixed the dashboard, not the release"]);
  await ok(["rollout", "prod"]);
  await ok(["rollout", "prod"]);
  // Two hosts report what they run (the agent's --report files): one current, one on nothing.
  mkdirSync(join(storeDir, "envs/prod/hosts"), { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(join(storeDir, "envs/prod/hosts/web-1.json"), JSON.stringify({ host: "web-1", version, seq: 6, track: "stable", at }));
  writeFileSync(join(storeDir, "envs/prod/hosts/web-2.json"), JSON.stringify({ host: "web-2", version: null, seq: null, track: null, at }));
  return { repo, store, storeDir, version, run };
}
