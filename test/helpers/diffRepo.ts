// A config repo with three commits for diff tests: HEAD~2 (base), HEAD~1 (rollout 10 → 25, owner, theme),
// HEAD (flag removed, flag added, rule condition changed, rules reordered).
import { tempGitRepo, type TempGitRepo } from "./tempGitRepo.js";

export const PROJECT = `project: diff-test
environments: [dev, qa, prod]
pipeline: [qa, prod]
rollout:
  prod: { steps: [10, 50, 100], bake: 0m }
context:
  user: string
  team: string
  country: string
  plan: { enum: [free, pro, enterprise] }
  host: { type: string, static: true }
`;

export const newFlow = (pct: number, owner = "@acme/payments", teams = "[T1, T2]", order: "us-first" | "cn-first" = "us-first") => {
  const us = `      - name: partners\n        if: { team: { in: ${teams} }, country: US }\n        serve: true\n`;
  const cn = `      - name: blocked\n        if: { country: { in: [CN, RU] } }\n        serve: false\n`;
  return `description: New checkout
owner: "${owner}"
kind: release
expires: 2027-03-01
type: boolean
default: false
environments:
  dev: true
  qa:
    rules:
      - name: staff
        if: { plan: enterprise }
        serve: true
    serve: false
  prod:
    rules:
${order === "us-first" ? us + cn : cn + us}    serve: { rollout: { true: ${pct}, false: ${100 - pct} }, by: user }
`;
};

export const theme = (variations: string) => `description: Theme sizes
owner: "@acme/web"
kind: ops
type: json
variations:
${variations}
default: small
environments:
  prod:
    rules: []
    serve: { rollout: { small: 50, large: 50 } }
`;

const ranker = `description: Search ranker
owner: "@acme/search"
kind: ops
type: string
variations: [bm25, neural]
default: bm25
environments:
  prod: neural
`;

const oldFlag = `description: Legacy banner
owner: "@acme/web"
kind: ops
type: boolean
default: false
environments:
  prod: true
`;

const tests = `tests:
  - name: partners in the US
    env: prod
    context: { user: u1, team: T1, country: US }
    expect: { checkout.new-flow: true }
  - name: blocked countries
    env: prod
    context: { user: u2, country: CN }
    expect: { checkout.new-flow: false }
`;

export function diffRepo(): TempGitRepo & { commits: string[] } {
  const r = tempGitRepo("flagctl-diff-");
  const commits: string[] = [];
  r.write({
    "flagctl.yaml": PROJECT,
    "flags/checkout/new-flow.yaml": newFlow(10),
    "flags/search/ranker.yaml": ranker,
    "flags/ui/theme.yaml": theme("  small: { px: 12 }\n  large: { px: 16 }\n"),
    "flags/ui/old-banner.yaml": oldFlag,
    "tests/checkout.yaml": tests,
  });
  commits.push(r.commit("base"));
  r.write({ "flags/checkout/new-flow.yaml": newFlow(25, "@acme/checkout") });
  commits.push(r.commit("rollout to 25%, new owner"));
  r.remove("flags/ui/old-banner.yaml");
  r.write({
    "flags/checkout/new-flow.yaml": newFlow(25, "@acme/checkout", "[T1, T3]", "cn-first"),
    "flags/growth/referrals.yaml": `description: Referrals\nowner: "@acme/growth"\nkind: ops\ntype: boolean\ndefault: false\nenvironments:\n  prod: true\n`,
  });
  commits.push(r.commit("remove old banner, add referrals, change partners"));
  return Object.assign(r, { commits });
}
