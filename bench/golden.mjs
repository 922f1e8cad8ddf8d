// Golden-test benchmark (issue 13): a generated repo of 3,000 flags with 3,000 golden tests (each expects two
// flags), run as `flagctl test` runs them, against the bare cost of the same evaluations (one evaluator,
// evaluate per expectation) in the same process; then the whole `flagctl test --offline` in a new process.
// Run: npm run build && node bench/golden.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runGoldenTests, splitAttributes } from "../dist/core/golden/index.js";
import { compileEnv } from "../dist/core/compile/index.js";
import { specialise } from "../dist/core/eval/index.js";
import { checkRepoParallel } from "../dist/repo/checkRepoParallel.js";
import { readRepo } from "../dist/repo/readRepo.js";
import { schemaValidator } from "../dist/schemas.js";

const FLAGS = Number(process.env.BENCH_FLAGS ?? 3000);
const TESTS = Number(process.env.BENCH_TESTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COUNTRIES = ["US", "DE", "FR", "CN", "RU"];
const root = mkdtempSync(join(tmpdir(), "flagctl-bench-golden-"));
const write = (path, text) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};
try {
  write("flagctl.yaml", "project: bench\nenvironments: [dev, prod]\ncontext:\n  user: string\n  team: string\n  country: string\n  host: { type: string, static: true }\n");
  for (let i = 0; i < FLAGS; i++) {
    write(
      `flags/f${i % 10}/flag-${i}.yaml`,
      `description: flag ${i}\nowner: "@acme/t${i % 7}"\nkind: release\nexpires: 2099-01-01\ntype: boolean\ndefault: false\nenvironments:\n  dev: true\n  prod:\n    rules:\n      - if: { team: { in: [T1, T2, T${i % 10}] } }\n        serve: true\n      - if: { country: { in: [CN, RU] } }\n        serve: false\n    serve: { rollout: { true: 25, false: 75 }, by: user }\n`,
    );
  }
  // Each test expects what the engine serves (computed below), so the run passes and reports nothing.
  const tests = [];
  for (let i = 0; i < TESTS; i++) {
    tests.push({ name: `test ${i}`, env: "prod", static: { host: `web-${i % 4}` }, context: { user: `u${i}`, team: `T${i % 13}`, country: COUNTRIES[i % 5] }, flags: [i % FLAGS, (i * 7 + 1) % FLAGS] });
  }
  const read = async () => {
    const { files } = readRepo(root);
    const r = await checkRepoParallel(files, { today: "2026-01-01", validator: schemaValidator() });
    if (!r.repo) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
    return r.repo;
  };
  // Expected values from the engine itself, written as the tests file.
  const repo0 = await read();
  const ev0 = specialise(compileEnv(repo0, "prod"), { host: "web-0" });
  const keys = [...repo0.flags.keys()].sort();
  for (const t of tests) t.flags = t.flags.map((i) => keys[i]);
  const yamlTests = tests.map((t) => {
    const expect = t.flags.map((f) => `${f}: ${ev0.evaluate(f, t.context).value}`).join(", ");
    return `  - name: ${t.name}\n    env: prod\n    static: { host: ${t.static.host} }\n    context: { user: ${t.context.user}, team: ${t.context.team}, country: ${t.context.country} }\n    expect: { ${expect} }\n`;
  });
  write("tests/bench.yaml", `tests:\n${yamlTests.join("")}`);
  const repo = await read();

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (fn) => {
    fn();
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      fn();
      runs.push(performance.now() - t0);
    }
    return median(runs);
  };
  const now = () => Date.parse("2026-06-01T00:00:00Z");
  let failed = 0;
  const goldenMs = time(() => {
    failed = runGoldenTests(repo, { now }).filter((o) => o.status !== "passed").length;
  });
  if (failed) throw new Error(`${failed} generated tests failed`);
  // The floor: the same evaluations, one compiled model and one evaluator per static host, nothing else.
  const pairs = repo.tests.map((t) => ({ t, ...splitAttributes(t, repo.project) }));
  const evalMs = time(() => {
    const model = compileEnv(repo, "prod");
    const evs = new Map();
    for (const { t, statics, context } of pairs) {
      let ev = evs.get(statics.host);
      if (!ev) evs.set(statics.host, (ev = specialise(model, statics, { now })));
      for (const f of Object.keys(t.expect)) ev.evaluate(f, context);
    }
  });

  const wall = (args) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stdout.slice(-500)} ${r.stderr}`);
    return performance.now() - t0;
  };
  const cli = [];
  const val = [];
  for (let i = 0; i < Math.min(ROUNDS, 3); i++) {
    val.push(wall([join(import.meta.dirname, "../bin/flagctl.js"), "validate", "--cwd", root]));
    cli.push(wall([join(import.meta.dirname, "../bin/flagctl.js"), "test", "--offline", "--cwd", root]));
  }
  console.log(`golden tests: ${FLAGS} flags, ${repo.tests.length} tests of 2 expectations, median of ${ROUNDS} (node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)})`);
  console.log(`runGoldenTests ${goldenMs.toFixed(1)} ms   the same evaluations alone (compile + specialise + evaluate) ${evalMs.toFixed(1)} ms   ratio ${(goldenMs / evalMs).toFixed(2)}x  (target <= 3x)`);
  console.log(`\`flagctl test --offline\` in a new process: ${median(cli).toFixed(0)} ms   (\`flagctl validate\` of the same repo: ${median(val).toFixed(0)} ms; test = validate + the golden tests)`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
