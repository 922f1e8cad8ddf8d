// Times the full validate pipeline (read + load + schema + parse + lint) on a generated repo of 10,000 flag
// files, against just reading the same files and yaml.parse-ing them, in one process. Run after `npm run build`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { checkRepoParallel, startCheckWorkers } from "../dist/repo/checkRepoParallel.js";
import { readRepo, readRepoFiles } from "../dist/repo/readRepo.js";
import { schemaValidator } from "../dist/schemas.js";

const FLAGS = Number(process.env.BENCH_FLAGS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AREAS = ["checkout", "search", "home", "api", "payments", "growth", "platform", "mobile", "ads", "account"];

const root = mkdtempSync(join(tmpdir(), "flagctl-bench-"));
try {
  generate(root);
  const today = new Date().toISOString().slice(0, 10);

  const baseline = () => {
    const files = readRepoFiles(root);
    for (const f of files) if (f.path.endsWith(".yaml")) parse(new TextDecoder().decode(f.bytes));
    return files.length;
  };
  let cold;
  const pipeline = async () => {
    const t0 = performance.now();
    const { files } = readRepo(root);
    // As `flagctl validate` does: the workers start up while this thread compiles the schemas (the first, cold
    // round; later rounds reuse the compiled schemas) and plans.
    const workers = startCheckWorkers(files.length);
    const result = await checkRepoParallel(files, { today, validator: schemaValidator() }, workers);
    cold ??= performance.now() - t0;
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length || !result.repo || result.repo.flags.size !== FLAGS) {
      throw new Error(`generated repo did not validate clean: ${JSON.stringify(errors.slice(0, 3))} flags=${result.repo?.flags.size}`);
    }
  };
  const time = async (fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };

  await pipeline(); // includes compiling the schemas once; reported as "cold"
  baseline(); // warm the baseline's code paths too, so neither side is measured cold
  const base = [];
  const full = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await time(baseline));
    full.push(await time(pipeline));
  }
  const best = (xs) => Math.min(...xs);
  const per1k = (ms) => (ms * 1000) / FLAGS;
  const b = best(base);
  const v = best(full);
  console.log(`flags: ${FLAGS} (best of ${ROUNDS} rounds, in-process, excluding process start; ${availableParallelism()} cores)`);
  console.log(`read + yaml.parse:  ${per1k(b).toFixed(1)} ms per 1,000 flags  (${b.toFixed(0)} ms total)`);
  console.log(`validate pipeline:  ${per1k(v).toFixed(1)} ms per 1,000 flags  (${v.toFixed(0)} ms total)`);
  console.log(`first (cold) validate, incl. schema compile: ${cold.toFixed(0)} ms total`);
  console.log(`ratio validate / yaml.parse: ${(v / b).toFixed(2)}  (target <= 2; 10,000 flags in < 3000 ms)`);

  // What a user waits for: the built CLI in a fresh process (cold: module load, schema load, JIT warm-up).
  const wall = (args) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t0;
  };
  const cli = [];
  const node = [];
  for (let i = 0; i < ROUNDS; i++) {
    node.push(wall(["-e", "0"]));
    cli.push(wall([join(import.meta.dirname, "../bin/flagctl.js"), "validate", "--cwd", root]));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`\`flagctl validate\` in a new process (cold, median of ${ROUNDS}): ${median(cli).toFixed(0)} ms  (${(median(cli) / median(node)).toFixed(1)}x \`node -e 0\`; target < 3000 ms)`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

function generate(dir) {
  const write = (path, text) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    "flagctl.yaml",
    `project: bench
environments: [dev, staging, prod]
pipeline: [staging, prod]
context:
  user: string
  team: string
  country: string
  plan: { enum: [free, pro, enterprise] }
  appVersion: semver
  host: { type: string, static: true }
`,
  );
  write("segments/staff.yaml", `description: staff\nif: { team: { in: [T0STAFF01, T0STAFF02] } }\n`);
  write("segments/beta.yaml", `description: beta\nif: { any: [ { segment: staff }, { plan: enterprise } ] }\n`);
  write(
    "config-schemas/banner.schema.json",
    JSON.stringify({ type: "object", properties: { show: { type: "boolean" } }, required: ["show"] }),
  );
  for (let i = 0; i < FLAGS; i++) {
    const area = AREAS[i % AREAS.length];
    write(`flags/${area}/flag-${i}.yaml`, flagText(i));
  }
}

// A realistic mix: mostly boolean release flags with rules and rollouts, some string, number and json flags.
function flagText(i) {
  const head = `description: Generated flag ${i} for the benchmark
owner: "@acme/team-${i % 17}"
`;
  switch (i % 10) {
    case 0:
      return `${head}kind: experiment
expires: 2099-01-01
type: string
variations: [control, a, b]
default: control
environments:
  dev: a
  prod:
    rules:
      - name: staff
        if: { segment: staff }
        serve: a
    serve: { rollout: { control: 34, a: 33, b: 33 }, by: user }
`;
    case 1:
      return `${head}kind: ops
type: number
default: 60
environments:
  dev: 5
  prod:
    rules:
      - if: { appVersion: { semver: ">=2.0.0 <3" } }
        serve: 300
    serve: 120
`;
    case 2:
      return `${head}kind: experiment
expires: 2099-01-01
type: json
schema: config-schemas/banner.schema.json
variations:
  off: { show: false }
  on: { show: true }
default: "off"
environments:
  staging: "on"
  prod:
    rules:
      - if: { country: { in: [US, CA, MX] } }
        serve: "on"
    serve: "off"
`;
    case 3:
      return `${head}kind: kill-switch
type: boolean
default: false
environments:
  prod: false
`;
    default:
      return `${head}kind: release
expires: 2099-01-01
type: boolean
default: false
environments:
  dev: true
  staging:
    rules:
      - name: beta first
        if: { segment: beta }
        serve: true
    serve: false
  prod:
    rules:
      - if: { team: { in: [T024BE7LD, T0ABCDEF1, T0ABCDEF${i % 10}] } }
        serve: true
      - if: { all: [ { country: { in: [CN, RU] } }, { plan: { notIn: [enterprise] } } ] }
        serve: false
    serve: { rollout: { true: 25, false: 75 }, by: user }
`;
  }
}
