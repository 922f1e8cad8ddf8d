// Every byte of every command's output reaches a pipe read by a slow reader, a file and a TTY, and only then
// does the process exit with its code. Black-box: the built CLI in a shell pipeline.
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigRepo } from "./helpers/bigRepo.js";

const BIN = resolve(import.meta.dirname, "../bin/flagctl.js");
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ENV = { ...process.env, NO_COLOR: "1", FLAGCTL_ACTOR: "tester" };

function sh(script: string, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) =>
    execFile("bash", ["-c", script], { cwd, env: ENV, maxBuffer: 1 << 30 }, (err, stdout, stderr) => (err ? fail(Object.assign(err, { stderr })) : done({ stdout, stderr }))),
  );
}

/** Byte count and exit code with stdout a pipe whose reader sleeps first, then with stdout a file. */
async function delivered(cwd: string, args: string[], stream: "stdout" | "stderr") {
  const cmd = `${q(process.execPath)} ${q(BIN)} ${args.map(q).join(" ")}`;
  const toPipe = stream === "stdout" ? "2>/dev/null" : "2>&1 >/dev/null";
  const piped = await sh(`${cmd} ${toPipe} | (sleep 1; wc -c); echo "rc=\${PIPESTATUS[0]}"`, cwd);
  const file = join(cwd, ".out");
  const toFile = stream === "stdout" ? `>${q(file)} 2>/dev/null` : `2>${q(file)} >/dev/null`;
  const filed = await sh(`${cmd} ${toFile}; echo "rc=$?"`, cwd);
  const [pipeBytes, pipeRc] = piped.stdout.trim().split(/\s+/);
  const size = readFileSync(file).length;
  rmSync(file);
  return { pipe: { bytes: Number(pipeBytes), rc: pipeRc }, file: { bytes: size, rc: filed.stdout.trim() } };
}

let good: ReturnType<typeof bigRepo>;
let broken: ReturnType<typeof bigRepo>;
beforeAll(() => {
  good = bigRepo(700);
  broken = bigRepo(700, { broken: true });
});
afterAll(() => {
  for (const r of [good, broken]) rmSync(r.dir, { recursive: true, force: true });
});

const cases: [string, () => string, string[], string, ("stdout" | "stderr")?][] = [
  ["eval --contexts", () => good.dir, ["eval", "--all", "--env", "prod", "--contexts", "contexts.jsonl"], "rc=0"],
  ["eval --explain --format json", () => good.dir, ["eval", "--all", "--env", "prod", "--ctx", "user=U1", "--explain", "--format", "json"], "rc=0"],
  ["diff text", () => good.dir, ["diff", "dev", "prod"], "rc=0"],
  ["diff json --exit-code", () => good.dir, ["diff", "dev", "prod", "--format", "json", "--exit-code"], "rc=1"],
  ["diff markdown", () => good.dir, ["diff", "dev", "prod", "--format", "markdown"], "rc=0"],
  ["validate json (findings)", () => broken.dir, ["validate", "--format", "json"], "rc=1"],
  ["validate github (findings)", () => broken.dir, ["validate", "--format", "github"], "rc=1"],
  ["test json", () => good.dir, ["test", "--format", "json"], "rc=0"],
  ["build's diagnostics on stderr", () => broken.dir, ["build"], "rc=1", "stderr"],
];

describe("output is never cut", () => {
  it.each(cases)("%s: a slow pipe reader gets every byte a file gets, then the exit code", { timeout: 180_000 }, async (_name, dir, args, rc, stream) => {
    const r = await delivered(dir(), args, stream ?? "stdout");
    expect(r.file.rc).toBe(rc);
    expect(r.file.bytes).toBeGreaterThan(2 * 65_536);
    expect(r.pipe).toEqual({ bytes: r.file.bytes, rc });
  });

  it("a TTY gets every byte too", { timeout: 60_000 }, async () => {
    // script(1) gives the command a pseudo-terminal; its transcript is what the terminal received.
    const log = join(good.dir, ".tty");
    const cmd = `${q(process.execPath)} ${q(BIN)} diff dev prod --format json`;
    await sh(`script -qfec ${q(cmd)} ${q(log)} >/dev/null </dev/null`, good.dir);
    const text = readFileSync(log, "utf8").replace(/\r\n/g, "\n");
    const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
    expect(JSON.parse(json).envs ?? JSON.parse(json)).toBeTruthy();
    expect(json.length).toBeGreaterThan(2 * 65_536);
  });

  it("a reader that stops early (| head) ends the command quietly with its exit code", { timeout: 60_000 }, async () => {
    const cmd = `${q(process.execPath)} ${q(BIN)} eval --all --env prod --contexts contexts.jsonl`;
    const r = await sh(`${cmd} 2>err.txt | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}"; cat err.txt; rm err.txt`, good.dir);
    expect(r.stdout.trim()).toBe("rc=0");
  });

  it("output that could not be written (a full device) is exit 74 with a message, never a success", { timeout: 60_000 }, async () => {
    const cmd = `${q(process.execPath)} ${q(BIN)}`;
    const full = await sh(`${cmd} eval --all --env prod --contexts contexts.jsonl >/dev/full 2>err.txt; echo "rc=$?"; cat err.txt; rm err.txt`, good.dir);
    expect(full.stdout).toMatch(/^rc=74\nflagctl: output was lost: ENOSPC/);
    // Nothing to write on stderr: a full device there costs nothing.
    const quiet = await sh(`${cmd} validate 2>/dev/full >/dev/null; echo "rc=$?"`, good.dir);
    expect(quiet.stdout.trim()).toBe("rc=0");
  });
});
