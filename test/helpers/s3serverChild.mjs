// Runs in a child process (started by s3server.ts): a real s3rver plus a small HTTP proxy in front of it that
// adds what s3rver lacks: conditional PUT (If-Match / If-None-Match: "*" -> 412 PreconditionFailed), checked
// and written under a per-key lock so check-then-write is atomic, and reads that never see a PUT half-way, as
// on S3. Prints one JSON line with both
// ports, then serves until stdin closes (the parent died or stopped it) or SIGTERM.
// Needs `node --openssl-legacy-provider` (s3rver's paginated ListObjectsV2 fails with a 500 without it).
import http from "node:http";
import S3rver from "s3rver";

const [dir, bucket] = process.argv.slice(2);
const s3rver = new S3rver({
  address: "127.0.0.1",
  port: 0,
  directory: dir,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
const { port: rawPort } = await s3rver.run();

const locks = new Map(); // key -> tail of the promise chain of requests on that key

function withKeyLock(key, fn) {
  const prev = locks.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  tail.then(() => {
    if (locks.get(key) === tail) locks.delete(key);
  });
  return run;
}

function head(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: rawPort, method: "HEAD", path }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, etag: res.headers.etag }));
    });
    req.on("error", reject);
    req.end();
  });
}

function getRaw(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: rawPort, method: "GET", path }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

// s3rver answers a PUT of a Buffer body before its file write has finished (it resolves on writeStream.end(),
// not on "finish"), so a read right after can see a truncated object. S3 makes a PUT visible whole, so the proxy
// holds the key until s3rver serves the bytes just written (bounded: ~2 s).
async function settled(path, body) {
  for (let i = 0; i < 400; i++) {
    const got = await getRaw(path).catch(() => undefined);
    if (got && got.equals(body)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

function forward(req, body, res) {
  return new Promise((resolve) => {
    const up = http.request(
      { host: "127.0.0.1", port: rawPort, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
        upRes.on("end", () => resolve(upRes.statusCode));
        upRes.on("error", () => resolve(upRes.statusCode));
      },
    );
    up.on("error", (err) => {
      res.writeHead(502).end(String(err));
      resolve(502);
    });
    up.end(body);
  });
}

const strip = (etag) => (etag ?? "").replace(/^W\//, "").replace(/"/g, "");

function preconditionFailed(res, condition) {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
    "<Message>At least one of the pre-conditions you specified did not hold</Message>" +
    `<Condition>${condition}</Condition><RequestId>cas-proxy</RequestId></Error>`;
  res.writeHead(412, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) }).end(xml);
}

const proxy = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, "http://proxy");
    const path = url.pathname;
    // The SDK adds ?x-id=PutObject to plain object PUTs; any other query is a sub-resource (multipart, acl...).
    const subresource = [...url.searchParams.keys()].some((k) => k !== "x-id");
    const isObject = path.split("/").filter(Boolean).length >= 2;
    if (!isObject || subresource) return void forward(req, body, res);
    // Every request on a key is serialised: no write slips between a check and its write, and no read sees
    // a half-written object (s3rver writes in place; S3 makes each PUT visible atomically).
    void withKeyLock(path, async () => {
      if (req.method !== "PUT") return forward(req, body, res);
      const ifMatch = req.headers["if-match"];
      const ifNoneMatch = req.headers["if-none-match"];
      if (ifMatch !== undefined || ifNoneMatch !== undefined) {
        const current = await head(path);
        const exists = current.status === 200;
        if (ifNoneMatch === "*" && exists) return preconditionFailed(res, "If-None-Match");
        if (ifMatch !== undefined && (!exists || strip(ifMatch) !== strip(current.etag))) {
          return preconditionFailed(res, "If-Match");
        }
      }
      const status = await forward(req, body, res);
      if (status >= 200 && status < 300) await settled(path, body);
    });
  });
});
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));

process.stdout.write(`${JSON.stringify({ rawPort, casPort: proxy.address().port })}\n`);

const stop = async () => {
  proxy.close();
  await s3rver.close().catch(() => undefined);
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
