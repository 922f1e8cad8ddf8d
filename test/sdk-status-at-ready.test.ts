// What a service sees the moment ready() resolves (or the `ready` event fires): a status that already
// records the poll that loaded the release. A health check that reads `lastSuccessAt` right after start-up
// must not see null for a client that just loaded from the store.
import { describe, expect, it } from "vitest";
import { createClient } from "../src/sdk/index.js";
import { fileStoreServing, flag } from "./helpers/runtimeFixture.js";

describe("status when ready() resolves", () => {
  it("has lastSuccessAt set and no lastError", async () => {
    const { store } = await fileStoreServing({ "flags/a.yaml": flag("    serve: true\n") });
    const c = createClient({ store, env: "prod", host: "h1", poll: 3_600_000 });
    let atEvent: unknown;
    c.on("ready", () => (atEvent = c.status.lastSuccessAt));
    expect(await c.ready()).toBe(true);
    const s = c.status;
    await c.close();
    expect(s.state).toBe("ready");
    expect(s.source).toBe("store");
    expect(s.lastSuccessAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(atEvent).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(s.lastError).toBeNull();
  });
});
