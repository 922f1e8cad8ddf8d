// `flagctl test` in-process (main() with a captured CliIO) so the same process can serve the URLs it checks:
// a loopback HTTP server and s3rver, the S3 settings coming from the command's environment.
import http from "node:http";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { CliIO } from "../src/cli/io.js";
import { S3Store } from "../src/store/index.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";
import { writeRepo } from "./helpers/tempRepo.js";

let server: http.Server;
let base = "";
let s3: S3TestServer;
beforeAll(async () => {
  server = http.createServer((req, res) => res.writeHead(req.url === "/logo.png" ? 200 : 404).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  s3 = await startS3Server();
  await new S3Store({ bucket: s3.bucket, prefix: "" }, s3.s3Options()).put("img/spring.png", Buffer.from("x"));
}, 30_000);
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await s3?.stop();
});

async function run(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: process.cwd(), color: false, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const bannerFlag = (springUrl: string) => `description: d
owner: "@t"
kind: ops
type: json
variations:
  none: { image: "${base}/logo.png" }
  spring: { image: "${springUrl}" }
default: none
checks:
  - url-exists: /image
environments:
  prod: spring
`;

describe("flagctl test with checks (in-process)", () => {
  it("passes when every served URL exists over HTTP and S3, and fails naming the missing object", async () => {
    const ok = writeRepo({ "flags/ui/banner.yaml": bannerFlag(`s3://${s3.bucket}/img/spring.png`) });
    const bad = writeRepo({ "flags/ui/banner.yaml": bannerFlag(`s3://${s3.bucket}/img/summer.png`) });
    try {
      const good = await run(["test", "--cwd", ok], s3.env);
      expect(good.stderr).toBe("");
      expect(good.stdout).toBe("2 passed, 0 failed\n");
      expect(good.code).toBe(0);
      const r = await run(["test", "--cwd", bad, "--format", "json"], s3.env);
      expect(r.code).toBe(1);
      const results = JSON.parse(r.stdout);
      expect(results).toHaveLength(2);
      expect(results.find((x: { url: string }) => x.url.startsWith("s3://"))).toMatchObject({
        kind: "check", flag: "ui.banner", status: "failed", message: "no such object", envs: ["prod"], variations: ["spring"], file: "flags/ui/banner.yaml", line: 10,
      });
    } finally {
      rmSync(ok, { recursive: true, force: true });
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
