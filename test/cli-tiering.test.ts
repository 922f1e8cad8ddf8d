// V8 tiering around `flagctl test`'s golden tests (src/cli/tiering.ts). V8's flags are process-wide and cannot be
// read back, so setFlagsFromString is replaced by a recorder here: the test checks which flags are set, and when.
import { beforeEach, describe, expect, it, vi } from "vitest";

const set = vi.hoisted(() => [] as string[]);
vi.mock("node:v8", async (original) => ({ ...(await original<typeof import("node:v8")>()), setFlagsFromString: (f: string) => void set.push(f) }));

beforeEach(() => void (set.length = 0));

describe("tiering", () => {
  // In this order: the start-up mark is process-wide, as in the real executable.
  it("outside the executable (the CLI run in-process) hotLoop leaves V8's flags alone", async () => {
    const { hotLoop } = await import("../src/cli/tiering.js");
    expect(await hotLoop(async () => "done")).toBe("done");
    expect(set).toEqual([]);
  });

  it("after start-up, the golden tests run under V8's default budget, and the start-up budget is back after them, even when they throw", async () => {
    // The executable (dist/bin.cjs) and the CLI bundle (dist/cli.cjs) each hold a copy of the module.
    const executable = await import("../src/cli/tiering.js?copy=executable");
    const cli = await import("../src/cli/tiering.js");
    executable.startupTiering();
    expect(set).toEqual(["--interrupt-budget=1081344"]);
    set.length = 0;
    const during: string[][] = [];
    await cli.hotLoop(async () => void during.push([...set]));
    expect(during).toEqual([["--interrupt-budget=67584"]]);
    expect(set).toEqual(["--interrupt-budget=67584", "--interrupt-budget=1081344"]);
    set.length = 0;
    await expect(cli.hotLoop(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(set).toEqual(["--interrupt-budget=67584", "--interrupt-budget=1081344"]);
  });
});
