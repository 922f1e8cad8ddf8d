// Runs one rollout gate: a shell command that must exit 0, or an http(s) URL that must answer 2xx (and, when
// the answer is JSON, say `healthy: true`). Output is captured up to a cap; a gate that outlives its timeout is
// killed (its whole process group) and fails.
import { spawn } from "node:child_process";
import type { Gate } from "../core/model.js";
import { formatDuration } from "../core/release/duration.js";

export interface GateContext {
  env: string;
  candidate: string;
  stable: string | null;
  percent: number;
  /** The share the candidate moves to when every gate passes. */
  nextPercent: number;
}

export interface GateResult {
  ok: boolean;
  /** One line: why it failed ("exit code 2", "HTTP 503: ...", the output's first line), or "ok". */
  detail: string;
  ms: number;
}

export type RunGate = (gate: Gate, ctx: GateContext) => Promise<GateResult>;

export const DEFAULT_GATE_TIMEOUT_MS = 60_000;
/** Bytes of a gate's output kept; the reason only needs its first line, the rest is for the event log. */
const OUTPUT_CAP = 64 * 1024;

export interface GateRunnerOptions {
  /** Where commands run: the config repo. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Used when the gate sets no `timeout`. */
  timeoutMs?: number;
}

export function gateRunner(options: GateRunnerOptions): RunGate {
  return (gate, ctx) => {
    const timeoutMs = gate.timeoutMs ?? options.timeoutMs ?? DEFAULT_GATE_TIMEOUT_MS;
    return gate.kind === "run" ? runCommand(gate.run, ctx, options, timeoutMs) : fetchUrl(gate.url, timeoutMs);
  };
}

/** The first non-empty line, trimmed and cut to a length a history reason can carry. */
export function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "")?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function runCommand(command: string, ctx: GateContext, options: GateRunnerOptions, timeoutMs: number): Promise<GateResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: options.cwd,
      // Its own process group, so a timeout kills what the command started too.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...options.env,
        FLAGCTL_ENV: ctx.env,
        FLAGCTL_CANDIDATE: ctx.candidate,
        FLAGCTL_STABLE: ctx.stable ?? "",
        FLAGCTL_PERCENT: String(ctx.percent),
        FLAGCTL_NEXT_PERCENT: String(ctx.nextPercent),
      },
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    const keep = (b: Buffer) => {
      if (kept >= OUTPUT_CAP) return;
      chunks.push(b.subarray(0, OUTPUT_CAP - kept));
      kept += Math.min(b.length, OUTPUT_CAP - kept);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    let settled = false;
    const finish = (code: number | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString("utf8");
      const ms = Date.now() - started;
      if (error) return resolve({ ok: false, detail: `cannot run: ${error.message}`, ms });
      if (timedOut) return resolve({ ok: false, detail: `timed out after ${formatDuration(timeoutMs)}${output ? `: ${firstLine(output)}` : ""}`, ms });
      if (code === 0) return resolve({ ok: true, detail: firstLine(output) || "ok", ms });
      resolve({ ok: false, detail: firstLine(output) || `exit code ${code}`, ms });
    };
    child.on("error", (e) => finish(null, e));
    // A command that leaves a background process holding its output open must not hold the watch: once the
    // shell has exited, give the pipes a moment to drain and finish.
    child.on("exit", (code, signal) => setTimeout(() => finish(code ?? (signal ? 128 : 1)), 100).unref());
    child.on("close", (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

async function fetchUrl(url: string, timeoutMs: number): Promise<GateResult> {
  const started = Date.now();
  const done = (ok: boolean, detail: string): GateResult => ({ ok, detail, ms: Date.now() - started });
  let res: Response;
  let body: string;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json, text/plain;q=0.9, */*;q=0.5" } });
    body = (await res.text()).slice(0, OUTPUT_CAP);
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === "TimeoutError" || err.name === "AbortError") return done(false, `timed out after ${formatDuration(timeoutMs)}`);
    return done(false, `cannot reach it: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
  }
  const line = firstLine(body);
  if (res.status < 200 || res.status > 299) return done(false, `HTTP ${res.status}${line ? `: ${line}` : ""}`);
  if (/\bjson\b/i.test(res.headers.get("content-type") ?? "")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return done(false, `HTTP ${res.status} with a body that is not JSON: ${line}`);
    }
    const healthy = (parsed as { healthy?: unknown } | null)?.healthy;
    if (healthy !== true) return done(false, `healthy is ${healthy === undefined ? "missing" : JSON.stringify(healthy)}: ${line}`);
  }
  return done(true, `HTTP ${res.status}`);
}
