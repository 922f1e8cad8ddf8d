import { describe, expect, it } from "vitest";
import { parseDuration } from "../src/core/index.js";
import { repoFromFiles } from "./helpers/repo.js";

const project = `
project: acme-web
environments: [dev, qa, staging, dogfood, prod]
pipeline: [staging, dogfood, prod]
rollout:
  prod: { steps: [1, 10, 25, 50, 100], bake: 15m }
  dogfood: { steps: [100] }
context:
  user: string
  team: string
  email: string
  country: string
  plan: { enum: [free, pro, enterprise] }
  appVersion: semver
  host: { type: string, static: true }
  region: { type: string, static: true }
store: s3://acme-flags/web
`;

const newFlow = `# flags/checkout/new-flow.yaml
description: Saved-card checkout flow
owner: "@acme/payments"
kind: release
expires: 2027-03-01
type: boolean
default: false
environments:
  dev: true
  qa:
    rules:
      - name: staff first
        if: { segment: staff }
        serve: true
    serve: false
  prod:
    rules:
      - if: { team: { in: [T024BE7LD, T0ABCDEF1] } }
        serve: true
      - if: { country: { in: [CN, RU] }, appVersion: { semver: ">=4.2.0 <5" } }
        serve: false
    serve: { rollout: { true: 25, false: 75 }, by: user }
`;

describe("parse", () => {
  const { repo, diagnostics } = repoFromFiles({
    "flagctl.yaml": project,
    "flags/checkout/new-flow.yaml": newFlow,
    "flags/ui/banner.yaml": `
type: json
variations:
  small: { height: 40 }
  large: { height: 90 }
default: small
schema: config-schemas/banner.json
environments:
  prod: { serve: { rollout: { small: 50, large: 50 }, salt: banner-v2 } }
`,
    "config-schemas/banner.json": `{"type":"object","required":["height"]}`,
    "segments/staff.yaml": `description: Employees\nif: { any: [ { email: { endsWith: "@acme.com" } }, { team: { in: [T0STAFF01] } } ] }\n`,
    "tests/checkout.yaml": `
tests:
  - name: listed teams
    env: prod
    static: { host: web-1 }
    context: { user: U9, team: T024BE7LD }
    expect: { checkout.new-flow: true }
  - name: a quarter
    env: prod
    flag: checkout.new-flow
    population: { size: 10000, vary: user }
    expect: { share: { true: 25 }, tolerance: 1 }
`,
  });

  it("reads the project file with built-in attributes and bake times", () => {
    expect(diagnostics).toEqual([]);
    expect(repo.project.environments).toEqual(["dev", "qa", "staging", "dogfood", "prod"]);
    expect(repo.project.rollout.prod).toMatchObject({ steps: [1, 10, 25, 50, 100], bakeMs: 900_000 });
    expect(repo.project.rollout.dogfood.bakeMs).toBe(0);
    expect(repo.project.context.env).toMatchObject({ type: "enum", static: true, values: repo.project.environments });
    expect(repo.project.context.plan).toMatchObject({ type: "enum", values: ["free", "pro", "enterprise"], static: false });
    expect(repo.project.context.host).toMatchObject({ type: "string", static: true });
  });

  it("reads a flag: static, rules, rollout, multi-entry conditions, locations", () => {
    const flag = repo.flags.get("checkout.new-flow")!;
    expect(flag).toMatchObject({ type: "boolean", default: false, defaultVariation: "false", kind: "release", expires: "2027-03-01" });
    expect(flag.environments.dev).toMatchObject({ kind: "static", serve: { kind: "value", value: true } });
    const prod = flag.environments.prod;
    if (prod.kind !== "rules") throw new Error("expected rules");
    expect(prod.rules[0].if).toMatchObject({ kind: "attr", attr: "team", test: { op: "in", values: ["T024BE7LD", "T0ABCDEF1"] } });
    expect(prod.rules[1].if).toMatchObject({
      kind: "all",
      of: [
        { kind: "attr", attr: "country", test: { op: "in" } },
        { kind: "attr", attr: "appVersion", test: { op: "semver", range: ">=4.2.0 <5" } },
      ],
    });
    expect(prod.fallthrough).toMatchObject({
      kind: "rollout",
      by: "user",
      weights: [
        { variation: "true", weight: 25 },
        { variation: "false", weight: 75 },
      ],
    });
    expect(prod.rules[1].loc).toMatchObject({ file: "flags/checkout/new-flow.yaml", line: 20 });
    expect(flag.locs.expires).toMatchObject({ line: 5, column: 1 });
  });

  it("reads json flags by variation name with a schema file", () => {
    const flag = repo.flags.get("ui.banner")!;
    expect(flag.default).toEqual({ height: 40 });
    expect(flag.defaultVariation).toBe("small");
    expect(flag.variations?.map((v) => v.name)).toEqual(["small", "large"]);
    expect(flag.schema).toMatchObject({ path: "config-schemas/banner.json", schema: { required: ["height"] } });
    const prod = flag.environments.prod;
    expect(prod).toMatchObject({ kind: "rules", rules: [], fallthrough: { kind: "rollout", salt: "banner-v2", by: "user" } });
  });

  it("reads segments and both kinds of test", () => {
    expect(repo.segments.get("staff")?.if).toMatchObject({ kind: "any", of: [{ attr: "email" }, { attr: "team" }] });
    expect(repo.tests).toMatchObject([
      { kind: "exact", env: "prod", static: { host: "web-1" }, expect: { "checkout.new-flow": true } },
      { kind: "population", flag: "checkout.new-flow", population: { size: 10000, vary: "user" }, share: { true: 25 }, tolerance: 1 },
    ]);
  });

  it("reports a missing schema file, a list given to an attribute, and built-in attributes, at their lines", () => {
    const { diagnostics } = repoFromFiles({
      "flagctl.yaml": "project: p\nenvironments: [prod]\ncontext:\n  env: string\n  team: string\n",
      "flags/a.yaml": "type: json\nschema: nope.json\ndefault: {}\nenvironments:\n  prod:\n    rules:\n      - if: { team: [a, b] }\n        serve: x\n    serve: y\n",
    });
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ["PARSE003", "flagctl.yaml", 4],
      ["PARSE004", "flags/a.yaml", 2],
      ["PARSE006", "flags/a.yaml", 7],
    ]);
  });

  it("parses durations", () => {
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("15")).toBeNull();
  });
});
