// `flagctl agent`: the runtime's fetch loop behind an OFREP HTTP server, plus fleet reports. Starts, listens,
// and hands back a handle whose stop() ends everything cleanly; the command decides when (on a signal).
import type http from "node:http";
import type { KeyObject } from "node:crypto";
import { once } from "node:events";
import { FetchLoop } from "../sdk/fetchLoop.js";
import type { ObjectStore } from "../store/store.js";
import { StoreError } from "../errors.js";
import { HostReporter } from "./hostReporter.js";
import { AgentMetrics } from "./metrics.js";
import { createAgentServer, listenUrl, type AgentSource } from "./server.js";

export interface AgentOptions {
  store: ObjectStore;
  env: string;
  host: string;
  listenHost: string;
  listenPort: number;
  pollMs: number;
  cacheDir?: string;
  verifyKeys: (string | KeyObject)[];
  statics: Record<string, unknown>;
  /** Write envs/<env>/hosts/<host>.json every reportIntervalMs and on each switch. */
  report: boolean;
  reportIntervalMs: number;
  /** One line per event (switch, rejection, stale, recovered, warnings), without a newline. */
  log: (line: string) => void;
}

export interface RunningAgent {
  url: string;
  loop: FetchLoop;
  server: http.Server;
  metrics: AgentMetrics;
  stop(): Promise<void>;
}

export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const loop = new FetchLoop({ store: o.store, env: o.env, host: o.host, poll: o.pollMs, cacheDir: o.cacheDir, verifyKeys: o.verifyKeys, statics: o.statics, initTimeout: 0 });
  const metrics = new AgentMetrics();
  const log = (line: string) => o.log(`${new Date().toISOString()} ${line}`);
  const reporter = o.report ? new HostReporter(o.store, () => loop.status, o.reportIntervalMs, log) : null;

  loop.on("poll", (outcome) => metrics.countPoll(outcome));
  loop.on("ready", (r) => {
    log(`ready: ${r.version} (seq ${r.seq}, track ${r.track}, from the ${r.source})`);
    reporter?.report();
  });
  loop.on("changed", (c) => {
    metrics.switches++;
    const s = loop.status.release;
    log(`switched ${c.from} -> ${c.to} (seq ${s?.seq}, track ${s?.track}; ${c.flagsChanged.length} flag${c.flagsChanged.length === 1 ? "" : "s"} changed)`);
    reporter?.report();
  });
  loop.on("rejected", (r) => {
    metrics.rejections++;
    log(`rejected ${r.version ?? "the cached release"}: ${r.code}: ${r.reason}`);
  });
  loop.on("stale", (s) => log(`stale: ${s.consecutiveFailures} polls failed in a row; still serving ${s.release?.version} (last error: ${s.lastError?.message ?? "?"})`));
  loop.on("recovered", (s) => log(`recovered: the store answers again; serving ${s.release?.version}`));
  loop.on("warning", (e) => log(`warning: ${e.message}`));

  // One read of loop.current per request: `current` below is a snapshot, never a mix of two releases.
  let cached: { from: unknown; served: AgentSource["current"] } = { from: null, served: null };
  const source: AgentSource = {
    get current() {
      const c = loop.current;
      if (c === null) return null;
      if (cached.from !== c) cached = { from: c, served: { evaluator: c.evaluator, version: c.version, seq: c.seq, track: c.track, targetingKey: c.model.targetingKey ?? "user" } };
      return cached.served;
    },
    get status() {
      return loop.status;
    },
    retryAfterSeconds: Math.max(1, Math.ceil(o.pollMs / 1000)),
  };
  const server = createAgentServer(source, metrics);
  server.listen(o.listenPort, o.listenHost);
  try {
    await Promise.race([once(server, "listening"), once(server, "error").then(([e]) => Promise.reject(e))]);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new StoreError(`cannot listen on ${o.listenHost}:${o.listenPort}: ${code}`, code === "EADDRINUSE" ? "another process uses that port: pick another with --listen, or port 0 for a free one" : "check the address given to --listen", "E_LISTEN");
  }
  loop.start();
  reporter?.start();

  let stopping: Promise<void> | undefined;
  return {
    url: listenUrl(server),
    loop,
    server,
    metrics,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then their connections are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2000);
        await Promise.all([loop.close(), reporter?.stop(), closed]);
        clearTimeout(cut);
        o.store.close?.();
      })();
      return stopping;
    },
  };
}
