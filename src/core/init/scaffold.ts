// What `flagctl init` writes: a small config repo that validates and tests clean as written.
import type { SchemaSet } from "../schema/validator.js";

export interface ScaffoldFile {
  path: string;
  text: string;
}

export interface ScaffoldOptions {
  /** Project name, usually the directory's name. */
  name: string;
  /** Today (YYYY-MM-DD); temporary flags get an expiry 90 days later. */
  today: string;
  /** flagctl's schemas, copied into schemas/ so editors work offline and the headers are relative paths. */
  schemas: SchemaSet;
  /** The schema file names under schemas/. */
  schemaFiles: Record<keyof SchemaSet, string>;
}

const header = (path: string, schemaFile: string) => {
  const depth = path.split("/").length - 1;
  return `# yaml-language-server: $schema=${"../".repeat(depth)}schemas/${schemaFile}\n`;
};

export function scaffoldFiles(opts: ScaffoldOptions): ScaffoldFile[] {
  const expires = addDays(opts.today, 90);
  const f = opts.schemaFiles;
  const yaml: [string, string, string][] = [
    [
      "flagctl.yaml",
      f.project,
      `project: ${opts.name}
environments: [dev, staging, prod]
pipeline: [staging, prod]          # promotion order
rollout:
  prod: { steps: [10, 50, 100], bake: 30m }
context:                           # every attribute a condition may name
  user: string
  email: string
  country: string
  plan: { enum: [free, pro, enterprise] }
  appVersion: semver
  host: { type: string, static: true }
# store: s3://my-bucket/flags      # or file://<dir>; the default for build/publish/promote
`,
    ],
    [
      "flags/checkout/new-flow.yaml",
      f.flag,
      `description: New checkout flow with saved cards
owner: "@example/payments"
kind: release
expires: ${expires}
type: boolean
default: false
environments:
  dev: true
  staging:
    rules:
      - name: staff first
        if: { segment: staff }
        serve: true
    serve: false
  prod:
    rules:
      - name: staff first
        if: { segment: staff }
        serve: true
    serve: { rollout: { true: 10, false: 90 }, by: user }
`,
    ],
    [
      "flags/search/ranker.yaml",
      f.flag,
      `description: Search ranking algorithm
owner: "@example/search"
kind: experiment
expires: ${expires}
type: string
variations: [classic, semantic]
default: classic
environments:
  dev: semantic
  prod:
    rules:
      - name: paid plans try semantic ranking
        if: { plan: { in: [pro, enterprise] } }
        serve: { rollout: { classic: 50, semantic: 50 } }
    serve: classic
`,
    ],
    [
      "flags/api/cache-ttl.yaml",
      f.flag,
      `description: Seconds the API caches catalogue responses
owner: "@example/platform"
kind: ops
type: number
default: 60
environments:
  dev: 5
  prod:
    rules:
      - name: app 2.x handles stale data
        if: { appVersion: { semver: ">=2.0.0" } }
        serve: 300
    serve: 120
`,
    ],
    [
      "flags/home/banner.yaml",
      f.flag,
      `description: Promotional banner on the home page
owner: "@example/growth"
kind: experiment
expires: ${expires}
type: json
schema: config-schemas/banner.schema.json
variations:
  none: { show: false }
  sale: { show: true, text: "Summer sale: 20% off", link: "/sale" }
default: none
environments:
  staging: sale
  prod:
    rules:
      - name: North America
        if: { country: { in: [US, CA] } }
        serve: sale
    serve: none
`,
    ],
    [
      "flags/payments/kill-switch.yaml",
      f.flag,
      `description: Turns off card payments during an incident (true = payments off)
owner: "@example/payments"
kind: kill-switch
type: boolean
default: false
environments:
  prod: false
`,
    ],
    [
      "segments/staff.yaml",
      f.segment,
      `description: Employees
if: { email: { endsWith: "@example.com" } }
`,
    ],
    [
      "tests/examples.yaml",
      f.tests,
      `tests:
  - name: staff get the new checkout flow in staging
    env: staging
    context: { user: u1, email: ada@example.com }
    expect: { checkout.new-flow: true }
  - name: everyone else waits in staging
    env: staging
    context: { user: u2, email: bob@elsewhere.org }
    expect: { checkout.new-flow: false }
  - name: a tenth of prod users get the new flow
    env: prod
    flag: checkout.new-flow
    population: { size: 10000, vary: user }
    expect: { share: { true: 10 }, tolerance: 1.5 }
  - name: North American users see the sale banner
    env: prod
    context: { user: u3, country: US }
    expect: { home.banner: sale }
`,
    ],
  ];
  const files: ScaffoldFile[] = yaml.map(([path, schema, body]) => ({ path, text: header(path, schema) + body }));
  files.push({
    path: "config-schemas/banner.schema.json",
    text:
      JSON.stringify(
        {
          $schema: "https://json-schema.org/draft/2020-12/schema",
          description: "Value of the home.banner flag",
          type: "object",
          required: ["show"],
          properties: {
            show: { type: "boolean", description: "Whether the banner is shown" },
            text: { type: "string", description: "Banner text" },
            link: { type: "string", description: "Where the banner links to" },
          },
          additionalProperties: false,
        },
        null,
        2,
      ) + "\n",
  });
  for (const key of Object.keys(f) as (keyof SchemaSet)[]) {
    files.push({ path: `schemas/${f[key]}`, text: JSON.stringify(opts.schemas[key], null, 2) + "\n" });
  }
  return files;
}

function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
