// The agent's HTTP face on Node's own http server: OFREP v1 evaluation, health, readiness, status, metrics.
// Every response is complete JSON (or Prometheus text); nothing here can throw at a client: an unexpected error
// is a 500 with a one-line reason.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RuntimeStatus } from "../sdk/fetchLoop.js";
import type { AgentMetrics } from "./metrics.js";
import { evaluateBulk, ifNoneMatchHits, parseRequest, singleResponse, type ServedRelease } from "./ofrep.js";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AgentSource {
  /** The running release; read once per request so a response never mixes two releases. */
  readonly current: (ServedRelease & { targetingKey?: string }) | null;
  readonly status: RuntimeStatus;
  /** Seconds a client should wait before retrying while nothing is loaded. */
  readonly retryAfterSeconds: number;
}

const EVAL_PREFIX = "/ofrep/v1/evaluate/flags";
const JSON_TYPE = "application/json; charset=utf-8";

/** Which route a response answers and where to count it (counted when the status is written). */
const counted = new WeakMap<http.ServerResponse, { route: Route; metrics: AgentMetrics }>();

export function createAgentServer(source: AgentSource, metrics: AgentMetrics): http.Server {
  const server = http.createServer((req, res) => {
    handle(source, metrics, req, res).catch((e: unknown) => {
      send(res, 500, { errorCode: "GENERAL", errorDetails: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    });
  });
  server.keepAliveTimeout = 65_000; // longer than common client pools' idle timeouts, so they never race a close
  return server;
}

async function handle(source: AgentSource, metrics: AgentMetrics, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const route = routeOf(path);
  counted.set(res, { route, metrics });

  if (route === "evaluate" || route === "bulk") {
    if (req.method !== "POST") return methodNotAllowed(res, "POST");
    const body = await readBody(req, res);
    if (body === null) return;
    const release = source.current;
    if (release === null) {
      res.setHeader("Retry-After", String(source.retryAfterSeconds));
      const details = "no release loaded yet (see GET /status)";
      return send(res, 503, route === "bulk" ? { errorCode: "GENERAL", errorDetails: details } : { key: flagKeyOf(path), errorCode: "GENERAL", errorDetails: details });
    }
    const parsed = parseRequest(body, release.targetingKey ?? "user");
    if (!parsed.ok) {
      const failure = { errorCode: parsed.errorCode, errorDetails: parsed.errorDetails };
      return send(res, 400, route === "bulk" ? failure : { key: flagKeyOf(path), ...failure });
    }
    if (route === "evaluate") {
      const key = flagKeyOf(path);
      if (key === null) return send(res, 400, { key: "", errorCode: "PARSE_ERROR", errorDetails: "the flag key in the path is not valid percent-encoding" });
      const r = release.evaluator.evaluate(key, parsed.context);
      metrics.countEvaluation(r);
      const out = singleResponse(r, release);
      return send(res, out.status, out.body);
    }
    const bulk = evaluateBulk(release, parsed.context);
    metrics.countEvaluations(bulk.results);
    res.setHeader("ETag", bulk.etag);
    if (ifNoneMatchHits(header(req, "if-none-match"), bulk.etag)) {
      metrics.countRequest(route, 304);
      res.writeHead(304);
      res.end();
      return;
    }
    return sendText(res, 200, JSON_TYPE, bulk.text);
  }

  if (route === "other") return send(res, 404, { errorDetails: `no such endpoint: ${path}` });
  if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET, HEAD");
  switch (route) {
    case "healthz":
      return sendText(res, 200, "text/plain; charset=utf-8", "ok\n");
    case "readyz":
      return source.current ? sendText(res, 200, "text/plain; charset=utf-8", "ready\n") : sendText(res, 503, "text/plain; charset=utf-8", "not ready: no release loaded\n");
    case "status":
      return send(res, 200, source.status);
    case "metrics": {
      const s = source.status;
      return sendText(res, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render({ ...s }));
    }
  }
}

type Route = "evaluate" | "bulk" | "healthz" | "readyz" | "status" | "metrics" | "other";

function routeOf(path: string): Route {
  if (path === EVAL_PREFIX || path === `${EVAL_PREFIX}/`) return "bulk";
  if (path.startsWith(`${EVAL_PREFIX}/`)) return "evaluate";
  if (path === "/healthz") return "healthz";
  if (path === "/readyz") return "readyz";
  if (path === "/status") return "status";
  if (path === "/metrics") return "metrics";
  return "other";
}

function flagKeyOf(path: string): string | null {
  try {
    return decodeURIComponent(path.slice(EVAL_PREFIX.length + 1));
  } catch {
    return null;
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** The request body as text, or null after answering 413 (over 1 MiB). */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | null> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    tooLarge(req, res);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        tooLarge(req, res);
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!done) resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (e) => {
      if (!done) reject(e);
      done = true;
    });
  });
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  // Answer at once, then read and drop the rest of the body (up to 8 MiB, 2 s) before the connection is reused.
  // Closing a socket with unread bytes resets it, and the client could lose the 413 itself; a flood is cut.
  send(res, 413, { errorCode: "GENERAL", errorDetails: `request body over ${MAX_BODY_BYTES} bytes (1 MiB)` });
  let dropped = 0;
  const cut = setTimeout(() => req.destroy(), 2000);
  cut.unref();
  req.on("data", (c: Buffer) => {
    dropped += c.length;
    if (dropped > 8 * MAX_BODY_BYTES) req.destroy();
  });
  req.on("close", () => clearTimeout(cut));
  req.resume();
}

function methodNotAllowed(res: http.ServerResponse, allow: string): void {
  res.setHeader("Allow", allow);
  send(res, 405, { errorDetails: `method not allowed; use ${allow}` });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON_TYPE, JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, type: string, text: string): void {
  if (res.headersSent) return;
  const c = counted.get(res);
  c?.metrics.countRequest(c.route, status);
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
  res.end(res.req?.method === "HEAD" ? undefined : text);
}

/** "http://127.0.0.1:8016" or "http://[::1]:8016" for a listening server. */
export function listenUrl(server: http.Server): string {
  const a = server.address() as AddressInfo;
  const host = a.family === "IPv6" || a.address.includes(":") ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
