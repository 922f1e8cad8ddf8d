// `flagctl agent`'s option errors: found before anything listens or polls, one line, the right exit code.
import { writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListen } from "../src/cli/commands/agent.js";
import { runCli } from "./helpers/runCli.js";
import { tempDir } from "./helpers/releaseFixture.js";

describe("flagctl agent options", () => {
  it("parses --listen forms", () => {
    expect(parseListen("127.0.0.1:8016")).toEqual({ listenHost: "127.0.0.1", listenPort: 8016 });
    expect(parseListen("[::1]:0")).toEqual({ listenHost: "::1", listenPort: 0 });
    expect(parseListen("localhost:80")).toEqual({ listenHost: "localhost", listenPort: 80 });
    for (const bad of ["8016", "127.0.0.1", "127.0.0.1:99999", "::1:80", "host:port", ""]) expect(() => parseListen(bad)).toThrow(/not ADDRESS:PORT/);
  });

  it("refuses bad options with exit 2 and a hint, before touching the store", async () => {
    const dir = tempDir("flagctl-agent-cli-");
    const store = `file://${dir}/store`;
    const cases: [string[], RegExp][] = [
      [["--env", "prod", "--store", store, "--listen", "nope"], /--listen nope is not ADDRESS:PORT/],
      [["--env", "prod", "--store", store, "--poll", "soon"], /--poll soon is not a duration/],
      [["--env", "../x", "--store", store], /invalid environment name/],
      [["--env", "prod", "--store", store, "--static", "region"], /--static "region" is not name=value/],
      [["--env", "prod", "--store", store, "--static", "host=web-1"], /host is given by --host/],
      [["--env", "prod", "--store", store, "--verify-key", `${dir}/missing.pub`], /cannot read/],
      [["--env", "prod", "--store", "ftp://x"], /neither a store URL nor a release directory|unsupported store URL/],
      [["--env", "prod"], /no store given/],
      [["--env", "prod", "--host", "a/b", "--store", store, "--report"], /invalid host name/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(dir, "agent", ...args);
      expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain("    at ");
      expect(r.out).toBe("");
    }
  });

  it("refuses an environment its project's flagctl.yaml does not have, when the store comes from there", async () => {
    const dir = tempDir("flagctl-agent-cli-");
    writeFileSync(join(dir, "flagctl.yaml"), `project: p\nenvironments: [dev, prod]\nstore: file://${dir}/store\n`);
    const r = await runCli(dir, "agent", "--env", "prdo", "--listen", "127.0.0.1:0");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/unknown environment "prdo".*did you mean/);
    expect(r.out).toBe("");
  });

  it("exits 3 when the address is taken", async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as { port: number }).port;
    try {
      const dir = tempDir("flagctl-agent-cli-");
      const r = await runCli(dir, "agent", "--env", "prod", "--store", `file://${dir}`, "--listen", `127.0.0.1:${port}`);
      expect(r.code).toBe(3);
      expect(r.err).toContain("EADDRINUSE");
      expect(r.out).toBe("");
    } finally {
      busy.close();
    }
  });
});
