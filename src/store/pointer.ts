// Environment pointers (SPEC §5): envs/<env>/pointer.json changes only by compare-and-swap, and every state
// it ever held is in envs/<env>/history/<seq>.json.
//
// Order of a write, and why a crash cannot gap or wedge history:
//   1. re-read the pointer; it must still be the state the caller read (else ConflictError);
//   2. create history/<seq> for that state (If-None-Match "*"; "already there with the same bytes" is fine);
//   3. CAS the pointer to seq+1 (If-Match on the etag read; If-None-Match "*" for the first pointer);
//   4. create history/<seq+1>.
// A writer that dies between 3 and 4 leaves the newest state only in the pointer; the next writer restores
// its history entry in step 2 before it may replace it, so no state is ever lost and none is written twice
// (history entries are create-only and seq is unique per state). readHistory shows such a state from the
// pointer itself. Each body carries a random writer nonce, so two states never share bytes or an etag, and a
// writer whose request was retried after its first attempt landed can recognise its own write.
import { randomBytes } from "node:crypto";
import { ConflictError, StoreError } from "../errors.js";
import { historyKey, historyPrefix, pointerKey } from "./keys.js";
import { ensureConditionalWrites } from "./probe.js";
import type { Pointer, PointerState } from "../core/release/pointer.js";
import { isVersion } from "../core/release/version.js";
import type { ObjectStore } from "./store.js";

export interface PointerRead {
  pointer: Pointer | null;
  /** The etag to pass back to writePointer; absent when there is no pointer yet. */
  etag?: string;
}

export async function readPointer(store: ObjectStore, env: string): Promise<PointerRead> {
  const key = pointerKey(env);
  const got = await store.get(key);
  if (!got || got === "not-modified") return { pointer: null };
  return { pointer: parsePointer(got.body, key, store.url), etag: got.etag };
}

/**
 * Compare-and-swap of envs/<env>/pointer.json. `expected` is what readPointer returned ({ seq, etag }), or
 * null to create the first pointer. Returns the pointer written (seq = expected.seq + 1, or 1).
 * Throws ConflictError (exit 4) when someone else changed the pointer since it was read.
 * Extra fields on `next` beyond Pointer's are stored too (after the standard ones).
 */
export async function writePointer(
  store: ObjectStore,
  env: string,
  expected: { seq: number; etag: string } | null,
  next: PointerState,
): Promise<Pointer> {
  const key = pointerKey(env);
  await ensureConditionalWrites(store);
  let seq: number;
  if (expected) {
    const current = await store.get(key);
    if (!current || current === "not-modified" || current.etag !== expected.etag) throw lost(store, env);
    const state = parsePointer(current.body, key, store.url);
    if (state.seq !== expected.seq) throw lost(store, env);
    await createHistory(store, env, state.seq, current.body);
    seq = expected.seq + 1;
  } else {
    const history = await store.list(historyPrefix(env));
    if (history.length > 0 && !(await store.get(key))) {
      throw new StoreError(
        `${key} is missing from ${store.url} but ${historyPrefix(env)} has ${history.length} entries`,
        `restore ${key} from the newest history entry before changing ${env}`,
        "E_STORE_CORRUPT",
      );
    }
    seq = 1;
  }

  const body = pointerBody({ ...next, seq });
  try {
    await store.put(key, body, expected ? { ifMatch: expected.etag } : { ifNoneMatch: "*" });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // A retried request whose first attempt landed reports a conflict with our own write; the nonce tells.
    const now = await store.get(key);
    if (!now || now === "not-modified" || !now.body.equals(body)) throw lost(store, env);
  }
  await createHistory(store, env, seq, body);
  return parsePointer(body, key, store.url);
}

/** Creates history/<seq> once; an existing entry must hold the same bytes. */
export async function createHistory(store: ObjectStore, env: string, seq: number, body: Buffer): Promise<void> {
  const key = historyKey(env, seq);
  try {
    await store.put(key, body, { ifNoneMatch: "*" });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const there = await store.get(key);
    if (!there || there === "not-modified" || !there.body.equals(body)) {
      throw new StoreError(
        `${key} in ${store.url} does not match pointer state ${seq}`,
        "the store does not honour conditional writes or was edited by hand; inspect envs/" + env + "/",
        "E_STORE_CORRUPT",
      );
    }
  }
}

function lost(store: ObjectStore, env: string): ConflictError {
  return new ConflictError(
    `the pointer of ${env} in ${store.url} changed since it was read (another promote, rollout or rollback won)`,
    "run the command again to act on the new state",
  );
}

const FIELDS = ["seq", "stable", "candidate", "percent", "updatedAt", "by", "reason"] as const;

function pointerBody(p: Pointer): Buffer {
  checkPointer(p);
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = p[f];
  const extra = Object.keys(p)
    .filter((k) => !(FIELDS as readonly string[]).includes(k) && k !== "nonce")
    .sort();
  for (const k of extra) out[k] = (p as unknown as Record<string, unknown>)[k];
  out.nonce = randomBytes(8).toString("hex");
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}

/**
 * Parses a pointer or history body; garbage is a store failure naming the key. Drops the writer nonce.
 * History entries are immutable, so one with a bad version name (written by hand) is read as it is rather than
 * blocking `log`, `rollback` and `report` for good: a move re-verifies any version it would go to.
 */
export function parsePointer(body: Buffer, key: string, url: string, versions: "checked" | "as-written" = "checked"): Pointer {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw corrupt(key, url, "is not JSON");
  }
  try {
    checkPointer(value, versions === "checked");
  } catch (err) {
    throw corrupt(key, url, (err as Error).message);
  }
  const { nonce: _nonce, ...pointer } = value as Pointer & { nonce?: string };
  return pointer;
}

function checkPointer(v: unknown, checkVersions = true): asserts v is Pointer {
  const p = v as Record<string, unknown>;
  const ok =
    typeof p === "object" &&
    p !== null &&
    Number.isInteger(p.seq) &&
    (p.seq as number) >= 1 &&
    (p.stable === null || typeof p.stable === "string") &&
    (p.candidate === null || typeof p.candidate === "string") &&
    typeof p.percent === "number" &&
    p.percent >= 0 &&
    p.percent <= 100 &&
    typeof p.updatedAt === "string" &&
    typeof p.by === "string" &&
    typeof p.reason === "string";
  if (!ok) {
    throw new Error(
      "needs seq (integer >= 1), stable and candidate (string or null), percent (0-100), updatedAt, by, reason",
    );
  }
  // A hand-edited name such as "../../envs/dev" would otherwise reach store keys and every command's output.
  if (!checkVersions) return;
  for (const field of ["stable", "candidate"] as const) {
    const name = p[field];
    if (typeof name === "string" && !isVersion(name)) throw new Error(`names ${field} ${JSON.stringify(name)}, which is not a release version (v<YYYYMMDD>.<HHMMSS>-<commit7>)`);
  }
}

function corrupt(key: string, url: string, why: string): StoreError {
  return new StoreError(`${key} in ${url} ${why}`, "inspect or restore it from history", "E_STORE_CORRUPT");
}
