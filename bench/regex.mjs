// Regex engines for conditions (issue 8): V8's backtracking RegExp (the baseline, what flagctl used before),
// RE2JS (what the evaluator uses now: linear time, pure JS, no node flags needed) and V8's experimental linear
// engine (the `l` flag; needs --enable-experimental-regexp-engine, which a library cannot ask of its host: this
// script re-runs itself with the flag to measure it). Ratios are against the baseline measured in the same run.
// Run: npm run bench:regex
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { RE2JS } from "re2js";
import { compileGlob, compileRegex } from "../dist/core/eval/regex.js";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const linearAvailable = (() => {
  try {
    new RegExp("a", "l");
    return true;
  } catch {
    return false;
  }
})();

// ------------------------------------------------------------ everyday patterns on everyday values
const PATTERNS = [
  "^(noreply|no-reply|postmaster|abuse)@",
  "^(admin|ops)-[0-9]+$",
  "@(acme|example)\\.com$",
  "^[A-Z]{2}-\\d{3,5}$",
  "beta",
];
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const VALUES = Array.from({ length: 20_000 }, (_, i) => {
  const r = rand();
  if (r < 0.3) return `user${i}@${rand() < 0.5 ? "acme.com" : "gmail.com"}`;
  if (r < 0.5) return `${rand() < 0.5 ? "admin" : "web"}-${Math.floor(rand() * 1000)}`;
  if (r < 0.7) return `DE-${Math.floor(rand() * 100000)}`;
  return `noreply${i}@mail.example.org`;
});

function best1(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
const run = (matchers) => () => {
  let hits = 0;
  for (const m of matchers) for (const v of VALUES) if (m.test(v)) hits++;
  return hits;
};

const engines = {
  "V8 RegExp (backtracking; baseline)": PATTERNS.map((p) => new RegExp(p)),
  "RE2JS via compileRegex (flagctl)": PATTERNS.map((p) => compileRegex(p)),
};
if (linearAvailable) engines["V8 linear engine (l flag)"] = PATTERNS.map((p) => new RegExp(p, "l"));

const out = { everyday: {}, hostile: {}, glob: {} };
const matches = PATTERNS.length * VALUES.length;
// Interleaved rounds, best of each, so load on the machine hits every engine alike.
const times = Object.fromEntries(Object.keys(engines).map((k) => [k, Infinity]));
for (let i = 0; i < REPEATS; i++) for (const [name, m] of Object.entries(engines)) times[name] = Math.min(times[name], best1(run(m)));
const baseline = Object.values(times)[0];
for (const [name, ms] of Object.entries(times)) {
  out.everyday[name] = { nsPerMatch: +((ms * 1e6) / matches).toFixed(1), ratio: +(ms / baseline).toFixed(2) };
}

// ------------------------------------------------------------ the hostile pattern from the issue
// ^(a+)+$ against a…a! : backtracking doubles per character (n=31 is ~40 s); linear engines do not care.
const hostile = "^(a+)+$";
const input = (n) => `${"a".repeat(n)}!`;
const time1 = (m, s) => {
  const t = performance.now();
  m.test(s);
  return performance.now() - t;
};
for (const n of [18, 20, 22, 24]) out.hostile[`V8 RegExp n=${n} ms`] = +time1(new RegExp(hostile), input(n)).toFixed(1);
const re2 = compileRegex(hostile);
for (const n of [24, 31, 1000, 100_000]) out.hostile[`RE2JS n=${n} ms`] = +time1(re2, input(n)).toFixed(2);
if (linearAvailable) for (const n of [31, 100_000]) out.hostile[`V8 linear n=${n} ms`] = +time1(new RegExp(hostile, "l"), input(n)).toFixed(2);
out.hostile["V8 RegExp n=24 / RE2JS n=24"] = +(out.hostile["V8 RegExp n=24 ms"] / Math.max(out.hostile["RE2JS n=24 ms"], 0.001)).toFixed(0);

// ------------------------------------------------------------ globs with many stars: polynomial for a backtracker
const glob = "*a*a*a*a*b";
const globValue = "a".repeat(70);
const globAsRegExp = new RegExp(`^${glob.replaceAll("*", "[\\s\\S]*")}$`);
out.glob["V8 RegExp ms"] = +time1(globAsRegExp, globValue).toFixed(1);
out.glob["compileGlob (RE2JS) ms"] = +time1(compileGlob(glob), globValue).toFixed(2);
out.glob.ratio = +(out.glob["V8 RegExp ms"] / Math.max(out.glob["compileGlob (RE2JS) ms"], 0.001)).toFixed(0);

if (process.env.BENCH_CHILD) {
  process.stdout.write(JSON.stringify(out));
} else {
  console.log(`regex engines, ${PATTERNS.length} patterns x ${VALUES.length} values, best of ${REPEATS} `);
  console.log("everyday matching (ratio vs V8 backtracking, same run):");
  console.table(out.everyday);
  console.log("hostile ^(a+)+$ against a…a! (single match, ms):");
  console.table(out.hostile);
  console.log("glob *a*a*a*a*b against 70 a's (single match):");
  console.table(out.glob);
  // The same measurements with V8's linear engine switched on, in a child (the flag is per process).
  const child = spawnSync(process.execPath, ["--enable-experimental-regexp-engine", new URL(import.meta.url).pathname], {
    env: { ...process.env, BENCH_CHILD: "1" },
    encoding: "utf8",
    timeout: 300_000,
  });
  if (child.status === 0) {
    const c = JSON.parse(child.stdout);
    console.log("with --enable-experimental-regexp-engine (child process, its own baseline):");
    console.table(c.everyday);
    console.table(Object.fromEntries(Object.entries(c.hostile).filter(([k]) => k.startsWith("V8 linear"))));
  } else {
    console.log(`V8 linear engine: not measured (${child.stderr.split("\n")[0] || `exit ${child.status}`})`);
  }
}
