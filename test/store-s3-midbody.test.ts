// A connection reset while an object's body is being read is retried like any failed request: GETs are
// idempotent. The fault is real (a TCP reset on a loopback socket), made by a small proxy in front of the suite's
// s3rver, because s3rver itself always sends whole bodies and cannot be told to cut one off.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../src/errors.js";
import { S3Store } from "../src/store/index.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";

let s3: S3TestServer;
let proxy: http.Server;
let proxyEndpoint: string;
/** How many more GET responses to cut off after half their body. */
let cutsLeft = 0;
let gets = 0;

beforeAll(async () => {
  s3 = await startS3Server();
  const upstream = new URL(s3.endpoint);
  proxy = http.createServer((req, res) => {
    const isGet = req.method === "GET" && !req.url!.includes("list-type");
    if (isGet) gets++;
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const body = Buffer.concat(chunks);
          res.writeHead(up.statusCode!, up.headers);
          if (isGet && up.statusCode === 200 && cutsLeft > 0 && body.length > 1) {
            cutsLeft--;
            // Headers and half the body, then a TCP RST: what a dying load balancer or NAT does.
            res.write(body.subarray(0, body.length >> 1), () => res.socket!.resetAndDestroy());
            return;
          }
          res.end(body);
        });
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => proxy?.close(done));
  await s3?.stop();
});

const store = (maxAttempts = 4) => new S3Store({ bucket: s3.bucket, prefix: "midbody/" }, { ...s3.s3Options(), endpoint: proxyEndpoint, maxAttempts });

describe("S3 reads cut off mid-body", () => {
  const body = Buffer.from(JSON.stringify({ data: "x".repeat(64 * 1024) }));

  it("are retried and return the whole object", { timeout: 30_000 }, async () => {
    const st = store();
    await st.put("releases/v1/envs/prod.json", body);
    cutsLeft = 2;
    gets = 0;
    const got = await st.get("releases/v1/envs/prod.json");
    expect(got).not.toBe("not-modified");
    expect(got && got !== "not-modified" && got.body.equals(body)).toBe(true);
    expect(cutsLeft).toBe(0);
    expect(gets).toBe(3);
  });

  it("fail as a store error naming the attempts once they are used up", { timeout: 30_000 }, async () => {
    const st = store(3);
    await st.put("releases/v1/envs/dev.json", body);
    cutsLeft = 100;
    gets = 0;
    const err = await st.get("releases/v1/envs/dev.json").then(
      () => null,
      (e: unknown) => e,
    );
    cutsLeft = 0;
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).exitCode).toBe(3);
    expect((err as StoreError).message).toMatch(/read releases\/v1\/envs\/dev\.json .*after 3 attempts/);
    expect(gets).toBe(3);
  });
});
