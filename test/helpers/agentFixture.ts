// Real releases (compiled by the engine, assembled and optionally signed like `flagctl build`) for runtime
// tests, and the built CLI's `flagctl agent` as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import type { KeyObject } from "node:crypto";
import { createInterface } from "node:readline";
import { canonicalJson, compileEnv } from "../../src/core/index.js";
import { assembleRelease } from "../../src/release/build.js";
import { putRelease, type ObjectStore } from "../../src/store/index.js";
import { project, repo, type FlagSpec } from "./model.js";
import { BIN } from "./releaseFixture.js";

export const ENVS = ["dev", "prod"];

export const CONTEXT = {
  user: "string",
  team: "string",
  age: "number",
  host: { type: "string", static: true },
  region: { type: "string", static: true },
} as const;

/** Flags of every type and reason; `demo.release` serves "r<n>" so a test sees which release answers. */
export function fixtureFlags(n: number, extra = 0): Record<string, FlagSpec> {
  const flags: Record<string, FlagSpec> = {
    "demo.release": { type: "string", default: "none", environments: { dev: `r${n}`, prod: `r${n}` } },
    "checkout.new-flow": {
      default: false,
      environments: { prod: { rules: [{ name: "partners", if: { team: { in: ["T1", "T2"] } }, serve: true }], serve: { rollout: { true: 50, false: 50 } } } },
    },
    "search.limit": { type: "number", default: 10, environments: { prod: { rules: [{ if: { age: { gte: 18 } }, serve: 50 }], serve: 20 } } },
    "ui.theme": { type: "json", default: "light", variations: { light: { bg: "#fff" }, dark: { bg: "#000" } }, environments: { prod: { rules: [{ name: "eu", if: { region: { startsWith: "eu" } }, serve: "dark" }], serve: "light" } } },
    "ui.unset": { default: true },
  };
  for (let i = 0; i < extra; i++) {
    flags[`bulk.f${String(i).padStart(4, "0")}`] = { default: false, environments: { prod: { rules: [{ if: { team: { in: [`T${i}`] } }, serve: true }], serve: { rollout: { true: 10, false: 90 } } } } };
  }
  return flags;
}

export interface FixtureRelease {
  version: string;
  files: { path: string; body: Buffer }[];
  envs: Record<string, Buffer>;
}

/** Release number `n` (its version sorts by n), optionally signed, with `extra` more flags. */
export function fixtureRelease(n: number, opts: { signKey?: KeyObject | null; parent?: FixtureRelease | null; extra?: number; targetingKey?: string } = {}): FixtureRelease {
  const p = project(CONTEXT as never, ENVS);
  if (opts.targetingKey) p.targetingKey = opts.targetingKey;
  const r = repo(p, fixtureFlags(n, opts.extra ?? 0));
  const envs = Object.fromEntries(ENVS.map((e) => [e, Buffer.from(canonicalJson(compileEnv(r, e)), "utf8")]));
  const commit = (n.toString(16).padStart(7, "0") + "b".repeat(33)).slice(0, 40);
  const assembled = assembleRelease({
    project: "agent-test",
    git: { commit, commitTime: new Date(Date.UTC(2026, 10, 21, 10, 0, n)), dirty: false },
    envs,
    parent: opts.parent ? { version: opts.parent.version, envs: opts.parent.envs } : null,
    signKey: opts.signKey ?? null,
  });
  return { version: assembled.version, files: assembled.files, envs };
}

export async function publishFixture(store: ObjectStore, rel: FixtureRelease): Promise<void> {
  await putRelease(store, rel.version, rel.files);
}

export interface AgentProcess {
  child: ChildProcess;
  url: string;
  host: string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `flagctl agent` (built CLI) on a free port and waits for its `listening on` line. */
export async function startAgentProcess(args: string[], env: NodeJS.ProcessEnv = {}, host = ""): Promise<AgentProcess> {
  const child = spawn(process.execPath, [BIN, "agent", "--listen", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1", ...env },
  });
  let err = "";
  let out = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      out += `${line}\n`;
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`agent exited (${code}) before listening:\n${out}${err}`)));
  });
  return {
    child,
    url,
    host,
    stderr: () => err,
    exited,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `fn` until it returns a truthy value or `ms` pass; returns the value or throws with the last one. */
export async function eventually<T>(fn: () => Promise<T>, ms = 15_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
