// `flagctl refs` on a generated code tree: 50,000 tracked files (~5.5 KB of code-like lines each, LF and CRLF;
// 1,000 flags, about two references per file, translation-key literals, a rare typo'd key), plus binaries and an
// ignored build dir. Prints, measured in the
// same run and interleaved, the throughput of findRefs (git listing, reading, decoding, matching every key and
// alias in one pass, finding unknown keys) against a plain read of the same files (the same git listing, one
// open/fstat/read each), and their ratio; then scanning alone over the files' text held in memory, with the
// keys compiled as a trie-shaped regex (what flagctl does) against one flat alternation of every key.
// Run after `npm run build` (npm run bench:refs does both). BENCH_FILES, BENCH_FLAGS, BENCH_ROUNDS override.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { codeDirs, findRefs } from "../dist/app/refs.js";
import { buildKeyIndex, scanText } from "../dist/core/hygiene/index.js";
import { listCodeDir, readCodeFile } from "../dist/repo/codeDir.js";

const FILES = Number(process.env.BENCH_FILES ?? 50_000);
const FLAGS = Number(process.env.BENCH_FLAGS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AREAS = ["checkout", "search", "home", "api", "payments", "growth", "platform", "mobile", "ads", "account"];
const keys = Array.from({ length: FLAGS }, (_, i) => `${AREAS[i % AREAS.length]}.feature-${i}`);

const root = mkdtempSync(join(tmpdir(), "flagctl-bench-refs-"));
const dir = join(root, "web-app");
const git = (...args) =>
  execFileSync("git", args, {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x", GIT_CONFIG_NOSYSTEM: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });

// A deterministic pseudo-random stream, so every run scans the same tree.
let seed = 42;
const rand = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
};
const body = (i) => {
  const lines = [];
  const ext = ["ts", "go", "py", "json"][i % 4];
  for (let l = 0; l < 60; l++) {
    const r = rand(100);
    if (r < 2) lines.push(`  if (flags.boolean("${keys[rand(FLAGS)]}", ctx, false)) { render(props.items[${l}]); }`);
    else if (r < 3) lines.push(`  // TODO(${AREAS[rand(10)]}): remove ${keys[rand(FLAGS)]} after the launch`);
    else if (r < 4) lines.push(`  const label = t("i18n.${AREAS[rand(10)]}.title-${l}");`);
    else if (r < 5 && rand(50) === 0) lines.push(`  flags.string("${AREAS[rand(10)]}.featur-${rand(FLAGS)}", ctx, "a");`); // a typo: an unknown key
    else lines.push(`  const value_${l} = compute(${AREAS[rand(10)]}.items[${l}], options.limit - ${l}, "some string literal ${l}");`);
  }
  return { path: `src/m${Math.floor(i / 500)}/file-${i}.${ext}`, text: `// generated module ${i}\n${lines.join(i % 7 === 0 ? "\r\n" : "\n")}\n` };
};

const t0 = performance.now();
mkdirSync(dir, { recursive: true });
git("init", "-q");
let bytes = 0;
for (let i = 0; i < FILES; i++) {
  const { path, text } = body(i);
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
  bytes += Buffer.byteLength(text);
}
for (let i = 0; i < 20; i++) writeFileSync(join(dir, `asset-${i}.png`), Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.alloc(20_000, 7)]));
writeFileSync(join(dir, ".gitignore"), "dist/\n");
mkdirSync(join(dir, "dist"));
writeFileSync(join(dir, "dist/bundle.js"), keys.join("\n"));
git("add", "-A");
console.log(`generated ${FILES.toLocaleString("en-US")} files (${(bytes / 1e6).toFixed(1)} MB), ${FLAGS} flags, git index in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const dirs = codeDirs([dir], root);
async function plainRead() {
  const { files } = await listCodeDir(dir);
  let n = 0;
  for (const f of files) {
    const got = readCodeFile(dir, f, 1 << 20);
    if (got instanceof Uint8Array) n += got.byteLength;
  }
  return n;
}
async function refs() {
  const r = await findRefs({ keys, codeDirs: dirs, aliases: ["UPPER_SNAKE"] });
  return r.dirs[0].bytes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timeIt = async (fn) => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};
const base = [];
const ours = [];
await plainRead(); // warm the page cache and the JIT for both
const check = await findRefs({ keys, codeDirs: dirs });
for (let r = 0; r < ROUNDS; r++) {
  base.push(await timeIt(plainRead));
  ours.push(await timeIt(refs));
}
const refCount = Object.values(check.flags).reduce((n, l) => n + l.length, 0);
const mbps = (ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${Math.round(FILES / (ms / 1000)).toLocaleString("en-US")} files/s`;
console.log(`found ${refCount.toLocaleString("en-US")} references to ${FLAGS - check.unreferenced.length} flags, ${check.unknown.length} unknown keys; skipped ${JSON.stringify(check.dirs[0].skipped)}`);
console.log(`plain read (git ls-files + read each file): median ${median(base).toFixed(0)} ms  (${mbps(median(base))})`);
console.log(`flagctl refs (list, read, decode, match):   median ${median(ours).toFixed(0)} ms  (${mbps(median(ours))})`);
console.log(`ratio refs / plain read: ${(median(ours) / median(base)).toFixed(2)}x`);

// Matching alone, on text already in memory.
const texts = [];
for (let i = 0; i < Math.min(FILES, 10_000); i++) texts.push(body(i).text);
const textBytes = texts.reduce((n, t) => n + t.length, 0);
const index = buildKeyIndex(keys);
// The same scan with the keys as one flat alternation instead of a trie (same boundary checks, same literal branch).
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
const [, literal] = index.pattern.source.split(/\|(?=\(\["')/);
const flat = { ...index, pattern: new RegExp(`(?:${[...keys].sort((a, b) => b.length - a.length).map(esc).join("|")})(?![A-Za-z0-9_.\\-])|${literal}`, "g") };
const byIndex = () => texts.reduce((n, t) => n + scanText(t, index).hits.length, 0);
const byRegex = () => texts.reduce((n, t) => n + scanText(t, flat).hits.length, 0);
if (byIndex() !== byRegex()) throw new Error(`the two matchers disagree: ${byIndex()} vs ${byRegex()}`);
const ti = [];
const tr = [];
for (let r = 0; r < ROUNDS; r++) {
  ti.push(await timeIt(byIndex));
  tr.push(await timeIt(byRegex));
}
const inMem = (ms) => `${(textBytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
console.log(`matching only, ${texts.length.toLocaleString("en-US")} files in memory: keys as a trie (flagctl) ${median(ti).toFixed(0)} ms (${inMem(median(ti))}), as a flat alternation of ${FLAGS} keys ${median(tr).toFixed(0)} ms (${inMem(median(tr))}); flat / trie ${(median(tr) / median(ti)).toFixed(1)}x`);
rmSync(root, { recursive: true, force: true });
