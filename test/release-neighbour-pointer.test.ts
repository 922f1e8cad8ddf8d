// Black-box: a damaged pointer of one environment must not stop rollout or rollback of another. Only promote
// consults the environment before it in the pipeline; an operator rolling prod back in an incident must not
// be blocked because dogfood's pointer file was overwritten.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { configRepo, fakeRelease, flagctl, tempDir } from "./helpers/releaseFixture.js";

let repo: string;
let store: string;
let v1: string;
const run = (args: string[]) => flagctl(repo, [...args, "--store", store]);

beforeAll(async () => {
  repo = configRepo();
  store = pathToFileURL(tempDir("flagctl-store-")).href;
  const r1 = await fakeRelease(1);
  v1 = r1.version;
  expect((await run(["publish", r1.dir])).code).toBe(0);
  for (const env of ["staging", "dogfood", "prod"]) expect((await run(["promote", v1, env])).code).toBe(0);
});

describe("a corrupt pointer in the upstream environment", () => {
  it("does not block rollout or rollback of the downstream one", { timeout: 60_000 }, async () => {
    writeFileSync(join(fileURLToPath(store), "envs", "dogfood", "pointer.json"), "garbage{");

    const rollout = await run(["rollout", "prod", "--bake", "0s"]);
    expect(rollout.stderr).toBe("");
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain("at 10%");

    const rollback = await run(["rollback", "prod"]);
    expect(rollback.stderr).toBe("");
    expect(rollback.code).toBe(0);

    // promote still needs it (the pipeline check), and says why it cannot read it.
    const promote = await run(["promote", v1, "prod"]);
    expect(promote.code).toBe(3);
    expect(promote.stderr).toContain("envs/dogfood/pointer.json");
  });
});

describe("status of one environment", () => {
  it("reads only that environment and the one before it in the pipeline", { timeout: 60_000 }, async () => {
    const dev = join(fileURLToPath(store), "envs", "dev");
    mkdirSync(dev, { recursive: true });
    writeFileSync(join(dev, "pointer.json"), "garbage{");

    const prod = await run(["status", "staging", "--format", "json"]);
    expect(prod.stderr).toBe("");
    expect(prod.code).toBe(0);
    expect(JSON.parse(prod.stdout).environments.map((e: { env: string }) => e.env)).toEqual(["staging"]);

    // Every environment: exit 3, naming the first damaged pointer in pipeline order (dogfood's, damaged above,
    // comes after dev's), the same one every run.
    const all = await run(["status"]);
    expect(all.code).toBe(3);
    expect(all.stderr).toContain("envs/dev/pointer.json");
  });
});
