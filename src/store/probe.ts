// Some S3-compatible servers accept If-Match / If-None-Match on PUT and ignore them, which would turn every
// pointer compare-and-swap into last-writer-wins without anyone noticing. The probe makes the store prove
// it refuses a write whose condition fails before flagctl trusts it with a pointer.
//
// When it runs: once per store object (per process), lazily, before the first pointer write
// (ensureConditionalWrites, called by writePointer). The verdict is deliberately not cached in the store: a
// marker object would vouch for whatever endpoint or proxy later reads it. The probe costs three small writes
// to one reserved key (PROBE_KEY), so concurrent probes from many processes do not interfere.
import { randomBytes } from "node:crypto";
import { ConflictError } from "../errors.js";
import { PROBE_KEY } from "./keys.js";
import type { ObjectStore } from "./store.js";
import { NoCasError } from "./storeErrors.js";

/** Throws NoCasError when the store accepts a write whose condition does not hold. */
export async function probeConditionalWrites(store: ObjectStore): Promise<void> {
  const body = () => Buffer.from(`${JSON.stringify({ probe: randomBytes(8).toString("hex") })}\n`);
  await store.put(PROBE_KEY, body());
  const ignored: string[] = [];
  const expectConflict = async (header: string, write: () => Promise<unknown>) => {
    try {
      await write();
      ignored.push(header);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  };
  await expectConflict("If-Match", () => store.put(PROBE_KEY, body(), { ifMatch: '"flagctl-probe-no-such-etag"' }));
  await expectConflict("If-None-Match: *", () => store.put(PROBE_KEY, body(), { ifNoneMatch: "*" }));
  if (ignored.length > 0) {
    throw new NoCasError(
      `${store.url} ignores conditional writes (${ignored.join(" and ")} on an existing object were accepted), ` +
        "so it cannot guarantee that concurrent pointer changes do not overwrite each other",
    );
  }
}

const verdicts = new WeakMap<ObjectStore, Promise<void>>();
const unsafe = new WeakSet<ObjectStore>();

/** Records that this store object may be used without conditional writes (--unsafe-no-cas). */
export function allowUnsafeNoCas(store: ObjectStore): void {
  unsafe.add(store);
}

/**
 * Resolves once the store has passed the probe (probing at most once per store object), or at once for a
 * store opened with unsafeNoCas. A failed probe is not remembered, so a network error can be retried.
 */
export function ensureConditionalWrites(store: ObjectStore, options: { unsafeNoCas?: boolean } = {}): Promise<void> {
  if (options.unsafeNoCas || unsafe.has(store)) return Promise.resolve();
  let verdict = verdicts.get(store);
  if (!verdict) {
    verdict = probeConditionalWrites(store);
    verdicts.set(store, verdict);
    verdict.catch(() => verdicts.delete(store));
  }
  return verdict;
}
