// The runtime under load and over its life: swaps never mix releases, file:// polls decide without reading
// the body, close() leaves nothing that keeps a process alive, and swaps do not leak.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/sdk/index.js";
import { FileStore, pointerKey } from "../src/store/index.js";
import { requireFreshDist, ROOT } from "./helpers/dist.js";
import { buildRelease, point, publish, type BuiltRelease } from "./helpers/runtimeFixture.js";
import { startS3Server, type S3TestServer } from "./helpers/s3server.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "flagctl-life-"));
const meta = `description: d\nowner: "@t"\nkind: ops\n`;

/** 30 string flags that all serve `mark` (through a rule, a fallthrough and a prerequisite). */
function marked(mark: string, n: number): BuiltRelease {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) {
    files[`flags/f${i}.yaml`] =
      `${meta}type: string\ndefault: none\nenvironments:\n  dev: none\n  prod:\n    rules:\n` +
      (i > 0 ? `      - if: { flag: { f0: "${mark}" }, team: T1 }\n        serve: ${mark}\n` : "") +
      `      - if: { user: { startsWith: "u" } }\n        serve: ${mark}\n    serve: ${mark}\n`;
  }
  return buildRelease(files, n);
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, timeout = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode, stdout, stderr, killed: Boolean(err && (err as { killed?: boolean }).killed) });
    });
  });
}

let s3: S3TestServer | undefined;
afterAll(async () => {
  await s3?.stop();
});

describe("swaps", () => {
  it("an evaluation never sees a mix of two releases while releases swap under load", async () => {
    const store = new FileStore(tmp());
    const a = marked("A", 1);
    const b = marked("B", 2);
    await publish(store, a);
    await publish(store, b);
    await point(store, "prod", { stable: a.version });
    const c: Client = createClient({ store, env: "prod", host: "web-1", poll: 3_600_000 });
    await c.ready();
    const markOf: Record<string, string> = { [a.version]: "A", [b.version]: "B" };
    let evaluations = 0;
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const ctx = { user: i % 2 ? `u${i}` : `x${i}`, team: "T1" };
        const all = c.all(ctx);
        const values = new Set(Object.values(all).map((d) => d.value));
        expect(values.size).toBe(1);
        expect(Object.values(all).every((d) => markOf[d.version!] === d.value)).toBe(true);
        const d = c.detail(`f${i % 30}`, ctx, "x");
        expect(d.value).toBe(markOf[d.version!]);
        evaluations += 31;
        await new Promise((r) => setImmediate(r));
      }
    })();
    let swaps = 0;
    for (let i = 0; i < 40; i++) {
      await point(store, "prod", { stable: i % 2 ? a.version : b.version });
      await c.loop.pollNow();
      swaps++;
    }
    stop = true;
    await load;
    await c.close();
    expect(swaps).toBe(40);
    expect(evaluations).toBeGreaterThan(1000);
  });
});

describe("file:// polls", () => {
  it("decide by the file's identity (inode, mtime, size) without reading its bytes", async () => {
    const dir = tmp();
    const store = new FileStore(dir);
    const a = marked("A", 1);
    await publish(store, a);
    await point(store, "prod", { stable: a.version });
    const c = createClient({ store, env: "prod", host: "web-1", poll: 3_600_000 });
    await c.ready();
    // Rewrite the pointer's bytes in place (same inode, same size) and put its mtime back: a poll that read
    // the body would see garbage; one that compares identity sees nothing new.
    const file = path.join(dir, ...pointerKey("prod").split("/"));
    // Whole seconds survive utimes exactly; a restored fractional mtime can come back 1 ms off (float seconds).
    const T = 1_700_000_000;
    utimesSync(file, T, T);
    await c.loop.pollNow(); // a new identity: one full read of the same bytes records it
    const st = statSync(file);
    const fd = openSync(file, "r+");
    writeSync(fd, "#".repeat(st.size), 0);
    closeSync(fd);
    utimesSync(file, T, T);
    for (let i = 0; i < 100; i++) await c.loop.pollNow();
    expect(c.status).toMatchObject({ state: "ready", consecutiveFailures: 0, lastError: null });
    // A real change (writes go through rename: a new inode) is seen at once.
    writeFileSync(file, "garbage");
    await c.loop.pollNow();
    expect(c.status.lastError?.code).toBe("E_STORE_CORRUPT");
    expect(readFileSync(file, "utf8")).toBe("garbage");
    await c.close();
  });
});

describe("the package", () => {
  it("exports ./sdk and ./openfeature, each with its types", async () => {
    requireFreshDist();
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, { types: string; default: string }> };
    for (const sub of ["./sdk", "./openfeature"]) {
      for (const f of [pkg.exports[sub].types, pkg.exports[sub].default]) expect(statSync(path.join(ROOT, f)).isFile(), f).toBe(true);
    }
    // Resolved by package name, as a service would import it.
    const res = await run(["--input-type=module", "-e", "const s = await import('flagctl/sdk'); const o = await import('flagctl/openfeature'); console.log(typeof s.createClient, typeof s.FetchLoop, typeof o.FlagctlProvider)"]);
    expect(res.stdout.trim(), res.stderr).toBe("function function function");
  });
});

describe("close()", () => {
  it("leaves nothing behind: a child process using the SDK (file:// and s3://) ends on its own", async () => {
    requireFreshDist();
    const dir = tmp();
    const store = new FileStore(dir);
    const rel = buildRelease({ "flags/search/limit.yaml": `${meta}type: number\ndefault: 0\nenvironments:\n  dev: 1\n  prod: 25\n` }, 1);
    await publish(store, rel);
    await point(store, "prod", { stable: rel.version });
    const child = path.join(ROOT, "test/fixtures/sdkClient.mjs");
    const viaFile = await run([child, store.url, "prod"], { CACHE_DIR: tmp() });
    expect(viaFile.killed, viaFile.stderr).toBe(false);
    expect(viaFile.code).toBe(0);
    expect(JSON.parse(viaFile.stdout)).toEqual({ loaded: true, value: 25, version: rel.version, status: "ready" });

    s3 = await startS3Server();
    const { S3Store } = await import("../src/store/index.js");
    const s3store = new S3Store({ bucket: s3.bucket, prefix: "life/" }, s3.s3Options());
    await publish(s3store, rel);
    await point(s3store, "prod", { stable: rel.version });
    const viaS3 = await run([child, s3.storeUrl("life"), "prod"], s3.env);
    expect(viaS3.killed, viaS3.stderr).toBe(false);
    expect(viaS3.code, viaS3.stderr).toBe(0);
    expect(JSON.parse(viaS3.stdout)).toMatchObject({ loaded: true, value: 25, version: rel.version });
  });

  it("10,000 swaps leave the heap within 5% of where it started", async () => {
    requireFreshDist();
    const releases = [marked("A", 1), marked("B", 2)].map((r) => ({ version: r.version, files: r.files.map((f) => ({ path: f.path, body: f.body.toString("base64") })) }));
    const file = path.join(tmp(), "releases.json");
    writeFileSync(file, JSON.stringify(releases));
    const res = await run(["--expose-gc", path.join(ROOT, "test/fixtures/sdkSwapHeap.mjs"), file, "10000"], {}, 240_000);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { start: number; end: number; changes: number; ratio: number };
    expect(out.changes).toBe(10_500);
    expect(out.ratio, JSON.stringify(out)).toBeLessThan(1.05);
  }, 300_000);
});
