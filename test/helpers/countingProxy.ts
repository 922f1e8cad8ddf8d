// A loopback HTTP proxy in front of a store endpoint that records every request (method, path, status) and can
// be switched "down": then it resets each connection, like a store that went away. A real fault the real
// s3rver cannot produce on demand and restore on the same address.
import http from "node:http";

export interface ProxyHit {
  method: string;
  path: string;
  status: number;
  /** Epoch ms when the upstream answered. */
  at: number;
}

export interface CountingProxy {
  endpoint: string;
  hits: ProxyHit[];
  down: boolean;
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const t = new URL(target);
  const proxy: CountingProxy = { endpoint: "", hits: [], down: false, stop: async () => undefined };
  const server = http.createServer((req, res) => {
    if (proxy.down) {
      req.socket.destroy();
      return;
    }
    const up = http.request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        proxy.hits.push({ method: req.method ?? "", path: req.url ?? "", status: r.statusCode ?? 0, at: Date.now() });
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on("error", () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.stop = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}
