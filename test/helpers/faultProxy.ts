// A loopback HTTP proxy in front of a real server (the s3rver of the suite) that records every request with
// its status and response body size, and injects the faults a healthy server never produces: 500s, requests
// that hang until the client times out, and connections reset mid-request. In-process: tests using it must
// not block their event loop.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault = "500" | "hang" | "reset";

export interface Recorded {
  method: string;
  path: string;
  status: number;
  /** Bytes of response body passed to the client. */
  bytes: number;
}

export interface FaultProxy {
  endpoint: string;
  requests: Recorded[];
  /** Decides a fault per request (by method and path); undefined: forward it. */
  fault: ((method: string, path: string) => Fault | undefined) | undefined;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const up = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    endpoint: "",
    requests: [],
    fault: undefined,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
    const method = req.method!;
    const fault = proxy.fault?.(method, path);
    if (fault === "reset") {
      proxy.requests.push({ method, path, status: 0, bytes: 0 });
      req.socket.destroy();
      return;
    }
    if (fault === "hang") {
      proxy.requests.push({ method, path, status: -1, bytes: 0 });
      req.resume();
      return;
    }
    if (fault === "500") {
      const body = "<Error><Code>InternalError</Code><Message>injected</Message></Error>";
      proxy.requests.push({ method, path, status: 500, bytes: body.length });
      req.resume();
      res.writeHead(500, { "content-type": "application/xml" }).end(body);
      return;
    }
    const out = http.request({ host: up.hostname, port: up.port, method, path: req.url, headers: req.headers }, (upRes) => {
      const rec: Recorded = { method, path, status: upRes.statusCode ?? 0, bytes: 0 };
      proxy.requests.push(rec);
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.on("data", (c: Buffer) => (rec.bytes += c.length));
      upRes.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
