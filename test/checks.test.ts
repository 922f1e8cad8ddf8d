// url-exists checks against real servers: a loopback HTTP server (ok, missing, slow, flaky, HEAD-refusing)
// and s3rver for s3:// objects.
import http from "node:http";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks } from "../src/app/index.js";
import { UrlChecker } from "../src/checks/urlExists.js";
import { jsonPointer } from "../src/core/index.js";
import { S3Store } from "../src/store/index.js";
import { closedPort, startS3Server, type S3TestServer } from "./helpers/s3server.js";
import { loadRepo, writeRepo } from "./helpers/tempRepo.js";

let server: http.Server;
let base = "";
const hits = new Map<string, number>();
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (path.startsWith("/ok")) return res.writeHead(200).end();
    if (path === "/moved") return res.writeHead(302, { location: "/ok" }).end();
    if (path === "/missing") return res.writeHead(404).end();
    if (path === "/slow") return void setTimeout(() => res.writeHead(200).end(), 20_000);
    if (path.startsWith("/flaky")) return res.writeHead(n === 1 ? 503 : 200).end();
    if (path === "/broken") return res.writeHead(500).end();
    if (path === "/nohead") return res.writeHead(req.method === "HEAD" ? 405 : 200).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const checker = new UrlChecker({ timeoutMs: 400, retryDelayMs: 10 });

describe("UrlChecker over HTTP", () => {
  it("2xx and 3xx exist, without following the redirect", async () => {
    expect(await checker.check(`${base}/ok`)).toEqual({ ok: true, detail: "HTTP 200" });
    expect(await checker.check(`${base}/moved`)).toEqual({ ok: true, detail: "HTTP 302" });
  });
  it("404 fails at once, without a retry", async () => {
    expect(await checker.check(`${base}/missing`)).toEqual({ ok: false, detail: "HTTP 404" });
    expect(hits.get("/missing")).toBe(1);
  });
  it("a slow server times out, twice", async () => {
    const t0 = Date.now();
    const r = await checker.check(`${base}/slow`);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/no answer within 400 ms/);
    expect(hits.get("/slow")).toBe(2);
    // Two 400 ms attempts, not the server's 20 s: a generous bound that only a missing timeout can break.
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
  it("a flaky server that fails once passes on the retry", async () => {
    expect(await checker.check(`${base}/flaky`)).toEqual({ ok: true, detail: "HTTP 200" });
    expect(hits.get("/flaky")).toBe(2);
  });
  it("a failing server fails after one retry and says both", async () => {
    const r = await checker.check(`${base}/broken`);
    expect(r).toEqual({ ok: false, detail: "HTTP 500 (also on the first try: HTTP 500)" });
    expect(hits.get("/broken")).toBe(2);
  });
  it("a server that refuses HEAD is asked with GET", async () => {
    expect(await checker.check(`${base}/nohead`)).toEqual({ ok: true, detail: "HTTP 200" });
  });
  it("nothing listening is a failure, and other schemes are refused", async () => {
    const r = await checker.check(`http://127.0.0.1:${await closedPort()}/x`);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/cannot reach: ECONNREFUSED/);
    expect(await checker.check("ftp://example.com/x")).toEqual({ ok: false, detail: "not an http://, https:// or s3:// URL" });
  });
});

describe("UrlChecker over s3:// (s3rver)", () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
    const store = new S3Store({ bucket: s3.bucket, prefix: "" }, s3.s3Options());
    await store.put("assets/banner v2.png", Buffer.from("png"));
  }, 30_000);
  afterAll(() => s3?.stop());

  it("HeadObject finds an existing object and not a missing one", async () => {
    const c = new UrlChecker({ env: s3.env, timeoutMs: 5000 });
    expect(await c.check(`s3://${s3.bucket}/assets/banner%20v2.png`)).toEqual({ ok: true, detail: "object exists" });
    expect(await c.check(`s3://${s3.bucket}/assets/nope.png`)).toEqual({ ok: false, detail: "no such object" });
    expect(await c.check(`s3://${s3.bucket}`)).toMatchObject({ ok: false });
  });
});

describe("runChecks", () => {
  it("checks the pointer of every served value in any env, only those, and skips them offline", async () => {
    const dir = writeRepo({
      "flags/ui/banner.yaml": `description: d
owner: "@t"
kind: ops
type: json
variations:
  none: { image: "${base}/ok-none" }
  spring: { image: "${base}/ok-spring" }
  broken: { image: "${base}/missing" }
  unused: { image: "${base}/never-served" }
  nourl: { text: hi }
default: none
checks:
  - url-exists: /image
environments:
  dev: broken
  prod:
    rules:
      - if: { country: DE }
        serve: nourl
    serve: { rollout: { spring: 100, unused: 0 } }
`,
      "flags/ui/logo.yaml": `description: d\nowner: "@t"\nkind: ops\ntype: string\ndefault: "${base}/ok-logo"\nchecks:\n  - url-exists: ""\nenvironments:\n  prod: "${base}/ok-logo"\n`,
    });
    try {
      const repo = loadRepo(dir);
      const results = await runChecks(repo, { timeoutMs: 1000 });
      const byUrl = Object.fromEntries(results.map((r) => [r.url ?? "null", r]));
      expect(Object.keys(byUrl).sort()).toEqual([`${base}/missing`, `${base}/ok-logo`, `${base}/ok-none`, `${base}/ok-spring`, "null"].sort());
      expect(hits.get("/never-served")).toBeUndefined();
      expect(byUrl[`${base}/missing`]).toMatchObject({ status: "failed", message: "HTTP 404", envs: ["dev"], variations: ["broken"], file: "flags/ui/banner.yaml", line: 13 });
      expect(byUrl[`${base}/ok-none`]).toMatchObject({ status: "passed", envs: ["dev", "prod"] });
      expect(byUrl.null).toMatchObject({ status: "failed", message: 'no value at "/image"', variations: ["nourl"] });
      expect(byUrl[`${base}/ok-logo`]).toMatchObject({ status: "passed", flag: "ui.logo" });

      const before = hits.get("/ok-spring");
      const offline = await runChecks(repo, { offline: true });
      expect(offline.filter((r) => r.url).every((r) => r.status === "skipped" && r.message === "skipped (--offline)")).toBe(true);
      expect(hits.get("/ok-spring")).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("jsonPointer", () => {
  it("follows RFC 6901", () => {
    const v = { "a/b": { "m~n": [10, 20] }, "": 1 };
    expect(jsonPointer(v, "/a~1b/m~0n/1")).toBe(20);
    expect(jsonPointer(v, "/")).toBe(1);
    expect(jsonPointer(v, "")).toBe(v);
    expect(jsonPointer(v, "/a~1b/m~0n/01")).toBeUndefined();
    expect(jsonPointer(v, "/x/y")).toBeUndefined();
  });
});
