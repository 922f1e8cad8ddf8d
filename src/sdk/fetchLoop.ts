// The runtime's fetch loop (shared by the SDK client and the agent). Each poll, in this order:
//   1. GET envs/<env>/pointer.json conditionally (ETag on S3; inode/mtime/size on file://): unchanged, no body;
//   2. ignore a pointer whose seq is below the one applied (the pointer is unsigned);
//   3. choose the track by bucket("release:" + candidate, host); if that version runs already: done;
//   4-5. fetch manifest + signature (cached by version: releases are immutable), verify, fetch the env file,
//      check its sha256, load and specialise it (the same loadEnvModel + specialise path as `flagctl eval`);
//   6. swap one reference: an evaluation reads `current` once, so it never mixes two releases;
//   7. write the last-known-good copy to the cache dir (temp file, fsync, rename).
// A failure never reaches callers: the current release keeps serving, the failure goes to `status.lastError`
// and events, and polls back off exponentially to 10x `poll`. After 3 consecutive failures the state is
// `stale`. Starting with the store down, the cache dir's copy is verified again and served (source "cache").
import { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import { fetchEnvRelease, isRefusal, errorCode, type EnvRelease, type VerifiedManifest } from "../app/fetchRelease.js";
import type { EnvModel } from "../core/compile/index.js";
import { specialise, type Evaluator } from "../core/eval/index.js";
import type { Manifest } from "../core/release/manifest.js";
import { chooseTrack, type Track } from "../core/release/track.js";
import { RefusedError, StoreError } from "../errors.js";
import { pointerKey } from "../store/keys.js";
import type { OpenStoreOptions } from "../store/openStore.js";
import { parsePointer } from "../store/pointer.js";
import type { Pointer } from "../core/release/pointer.js";
import type { ObjectStore } from "../store/store.js";
import { readCache, writeCache } from "./cache.js";
import { checkEnvName, durationMs, hostOf, loadVerifyKeys, resolveStore } from "./options.js";

export interface RuntimeOptions {
  /** A store URL (s3://bucket/prefix, file://DIR), an ObjectStore, or a release directory (build --out). */
  store: string | ObjectStore;
  env: string;
  /** This process's id for the staged rollout (default: os.hostname()); also the static attribute `host`. */
  host?: string;
  /** ed25519 public keys (PEM text or file paths): a release must be signed by one of them. */
  verifyKeys?: string | KeyObject | readonly (string | KeyObject)[];
  /** Milliseconds or a duration ("5s"); default 5 s. */
  poll?: number | string;
  /** Where the last-known-good release is kept; unset: no cache. */
  cacheDir?: string;
  /** Static attributes of this process (host, region...): folded in when a release loads. */
  statics?: Record<string, unknown>;
  /** ready() resolves after this long even with nothing loaded (default 10 s). */
  initTimeout?: number | string;
  /** Options for opening a store URL (S3 endpoint, credentials). */
  storeOptions?: OpenStoreOptions;
  /** The evaluation clock (epoch ms) for time conditions; default Date.now. */
  now?: () => number;
}

export type RuntimeState = "ready" | "stale" | "not-ready";

export interface RuntimeStatus {
  env: string;
  host: string;
  state: RuntimeState;
  release: { version: string; seq: number; track: Track } | null;
  source: "store" | "cache" | null;
  pointer: { seq: number; stable: string | null; candidate: string | null; percent: number } | null;
  /** ISO time of the last poll that reached the store and ended with the pointer's target running. */
  lastSuccessAt: string | null;
  /** Set by a failed poll; stays set while the pointer's target is not running (e.g. it was refused). */
  lastError: { code: string; message: string; at: string } | null;
  consecutiveFailures: number;
}

export interface CurrentRelease {
  evaluator: Evaluator;
  version: string;
  seq: number;
  track: Track;
  manifest: Manifest;
  model: EnvModel;
  source: "store" | "cache";
}

export interface ChangedEvent {
  from: string;
  to: string;
  /** Flags whose compiled config differs between the two releases in this environment; sorted. */
  flagsChanged: string[];
}

export interface RejectedEvent {
  /** The refused release (null for an unreadable cache file). */
  version: string | null;
  code: string;
  reason: string;
}

export type PollOutcome = "not-modified" | "unchanged" | "switched" | "ignored" | "failed";

export interface RuntimeEvents {
  ready: [{ version: string; seq: number; track: Track; source: "store" | "cache" }];
  changed: [ChangedEvent];
  stale: [RuntimeStatus];
  recovered: [RuntimeStatus];
  rejected: [RejectedEvent];
  /** Every poll's outcome (for metrics). */
  poll: [PollOutcome];
  /** A problem worth logging that does not change what is served: the cache dir cannot be written, or the
   * first poll failed while nothing is served yet (`not ready: …`). */
  warning: [Error];
}

const STALE_AFTER = 3;
const MAX_BACKOFF = 10;
const MANIFESTS_KEPT = 8;

export class FetchLoop extends EventEmitter<RuntimeEvents> {
  readonly env: string;
  readonly host: string;
  readonly pollMs: number;
  private readonly store: ObjectStore;
  private readonly ownsStore: boolean;
  private readonly keys: KeyObject[];
  private readonly statics: Record<string, unknown>;
  private readonly cacheDir: string | undefined;
  private readonly initTimeoutMs: number;
  private readonly clock: () => number;
  private readonly manifests = new Map<string, VerifiedManifest>();

  private running: CurrentRelease | null = null;
  private pointer: Pointer | null = null;
  private pointerEtag: string | undefined;
  private failures = 0;
  private lastError: RuntimeStatus["lastError"] = null;
  private lastSuccessAt: string | null = null;
  private lastRejected = "";
  private triedCache = false;
  /** The seq of a release served from the cache dir that was loaded from this same store. */
  private cachedSeq: number | undefined;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private initTimer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  private readyPromise: Promise<boolean>;
  private resolveReady!: (loaded: boolean) => void;

  constructor(opts: RuntimeOptions) {
    super();
    this.env = checkEnvName(opts.env);
    this.host = hostOf(opts.host);
    this.pollMs = durationMs("poll", opts.poll, 5_000, 10);
    this.initTimeoutMs = durationMs("initTimeout", opts.initTimeout, 10_000);
    this.keys = loadVerifyKeys(opts.verifyKeys);
    this.statics = { host: this.host, ...(opts.statics ?? {}) };
    this.cacheDir = opts.cacheDir;
    this.clock = opts.now ?? Date.now;
    const { store, owned } = resolveStore(opts.store, opts.storeOptions);
    this.store = store;
    this.ownsStore = owned;
    this.readyPromise = new Promise((r) => (this.resolveReady = r));
  }

  /** Starts polling (the first poll runs at once). Idempotent. */
  start(): this {
    if (this.started || this.closed) return this;
    this.started = true;
    this.initTimer = setTimeout(() => this.settleReady(), this.initTimeoutMs);
    this.run();
    return this;
  }

  /** Resolves true once a release is loaded (store or cache), false after initTimeout or close. Never rejects. */
  ready(): Promise<boolean> {
    return this.readyPromise;
  }

  /** The running release, or null before one loads. Read it once per evaluation. */
  get current(): CurrentRelease | null {
    return this.running;
  }

  get status(): RuntimeStatus {
    const r = this.running;
    const p = this.pointer;
    return {
      env: this.env,
      host: this.host,
      state: r === null ? "not-ready" : this.failures >= STALE_AFTER ? "stale" : "ready",
      release: r && { version: r.version, seq: r.seq, track: r.track },
      source: r?.source ?? null,
      pointer: p && { seq: p.seq, stable: p.stable, candidate: p.candidate, percent: p.percent },
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError && { ...this.lastError },
      consecutiveFailures: this.failures,
    };
  }

  /** Runs a poll now (after any poll in flight), then keeps the usual schedule. For tests and signals. */
  async pollNow(): Promise<void> {
    // Never two polls at once: wait until none is in flight, then start ours in the same tick.
    while (this.inflight !== undefined) await this.inflight;
    if (this.closed) return;
    clearTimeout(this.timer);
    this.run();
    await this.inflight;
  }

  /** Stops polling and releases timers and sockets; the running release stays readable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.initTimer);
    this.settleReady();
    if (this.ownsStore) this.store.close?.();
    await this.inflight?.catch(() => undefined);
  }

  // ------------------------------------------------------------------ schedule

  private run(): void {
    this.timer = undefined;
    const p = this.poll().finally(() => {
      if (this.inflight === p) this.inflight = undefined;
      this.schedule();
    });
    this.inflight = p;
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || this.inflight !== undefined) return;
    this.timer = setTimeout(() => this.run(), pollDelay(this.pollMs, this.failures, Math.random()));
  }

  private settleReady(): void {
    clearTimeout(this.initTimer);
    this.resolveReady(this.running !== null);
  }

  // ------------------------------------------------------------------ one poll

  private async poll(): Promise<void> {
    let outcome: PollOutcome;
    try {
      outcome = await this.step();
      if (this.closed) return;
      // A switch has recorded its success already, before the swap (see step).
      if (outcome !== "ignored" && outcome !== "switched") this.succeeded();
    } catch (e) {
      if (this.closed) return;
      outcome = "failed";
      await this.failed(e);
    }
    this.emit("poll", outcome);
  }

  private async step(): Promise<PollOutcome> {
    const key = pointerKey(this.env);
    const got = await this.store.get(key, { ifNoneMatch: this.pointerEtag });
    if (this.closed) return "ignored";
    let outcome: PollOutcome = "unchanged";
    if (got === null) {
      throw new StoreError(`${key} is not in ${this.store.url}`, `no release was promoted to ${this.env} yet (flagctl promote <version> ${this.env}), or the store URL is wrong`, "E_NO_POINTER");
    }
    if (got === "not-modified") outcome = "not-modified";
    else {
      const p = parsePointer(got.body, key, this.store.url);
      const applied = this.pointer?.seq ?? this.cachedSeq;
      if (applied !== undefined && p.seq < applied) {
        // Not remembering its etag keeps reporting it on every poll until the pointer moves forward again.
        throw new RefusedError(`${key} in ${this.store.url} has seq ${p.seq}, below ${applied} already applied; ignored`, "the pointer was restored or written by hand; move it forward with promote/rollback", "E_POINTER_BACKWARDS");
      }
      this.pointer = p;
      this.pointerEtag = got.etag;
    }
    const pointer = this.pointer!;
    const choice = chooseTrack(pointer, this.host);
    const r = this.running;
    if (choice.version === null) {
      throw new RefusedError(`the pointer of ${this.env} (seq ${pointer.seq}) has no stable release and this host (${this.host}) is not in the candidate's share`, undefined, "E_NO_RELEASE_FOR_HOST");
    }
    // A release served from the cache dir is fetched and verified from the store once before status says it
    // comes from there: a copy altered in the store must show as an error, not hide behind the cached one.
    if (r !== null && r.version === choice.version && r.source === "store") {
      if (r.seq !== pointer.seq || r.track !== choice.track) {
        // Same bytes, newer pointer state: refresh what status reports without touching the evaluator.
        this.running = { ...r, seq: pointer.seq, track: choice.track };
      }
      return outcome;
    }
    const rel = await fetchEnvRelease(this.store, this.env, choice.version, { keys: this.keys, manifests: this.manifests });
    this.trimManifests(choice.version);
    if (this.closed) return "ignored";
    // The poll has succeeded: record it before the swap resolves ready() and fires events, so what their
    // listeners read from `status` already says so (not lastSuccessAt null, or the last failure's error).
    this.succeeded();
    this.swap(rel, pointer.seq, choice.track, "store");
    if (this.cacheDir !== undefined) {
      await writeCache(this.cacheDir, { release: rel, seq: pointer.seq, track: choice.track, store: this.store.url }).catch((e: unknown) =>
        this.emit("warning", new Error(`cannot write the cache dir ${this.cacheDir}: ${(e as Error).message}`)),
      );
    }
    return "switched";
  }

  private swap(rel: EnvRelease, seq: number, track: Track, source: "store" | "cache"): void {
    const evaluator = specialise(rel.model, this.statics, { now: this.clock, version: rel.version });
    const from = this.running;
    this.running = { evaluator, version: rel.version, seq, track, manifest: rel.manifest, model: rel.model, source };
    if (from === null) {
      this.settleReady();
      this.emit("ready", { version: rel.version, seq, track, source });
    } else if (from.version !== rel.version) {
      this.emit("changed", { from: from.version, to: rel.version, flagsChanged: flagsChanged(from.model, rel.model) });
    }
  }

  private succeeded(): void {
    const wasStale = this.failures >= STALE_AFTER && this.running !== null;
    this.failures = 0;
    this.lastSuccessAt = new Date(this.clock()).toISOString();
    this.lastError = null;
    this.lastRejected = "";
    if (wasStale) this.emit("recovered", this.status);
  }

  private async failed(e: unknown): Promise<void> {
    this.failures++;
    const code = errorCode(e);
    const message = e instanceof Error ? e.message : String(e);
    this.lastError = { code, message, at: new Date(this.clock()).toISOString() };
    if (isRefusal(e)) {
      const version = chooseTrackSafe(this.pointer, this.host);
      // Once per refused release and reason, not on every retry.
      const tag = `${version}\0${message}`;
      if (tag !== this.lastRejected) {
        this.lastRejected = tag;
        this.emit("rejected", { version, code, reason: message });
      }
    }
    // Serving nothing yet: say why once, or an agent that never became ready is silent about it.
    if (this.running === null && this.failures === 1 && !isRefusal(e)) this.emit("warning", new Error(`not ready: ${code}: ${message}`));
    if (this.running === null && !this.triedCache) await this.loadCache();
    if (this.failures === STALE_AFTER && this.running !== null) this.emit("stale", this.status);
  }

  private async loadCache(): Promise<void> {
    this.triedCache = true;
    if (this.cacheDir === undefined) return;
    try {
      const cached = await readCache(this.cacheDir, this.env, this.keys);
      if (cached === null || this.closed || this.running !== null) return;
      // Its seq holds back an older pointer only in the store it came from: another store (the service moved,
      // or an older cache file that does not say) numbers its pointer afresh.
      if (cached.store === this.store.url) this.cachedSeq = cached.seq;
      this.swap(cached.release, cached.seq, cached.track, "cache");
    } catch (e) {
      this.emit("rejected", { version: null, code: errorCode(e), reason: e instanceof Error ? e.message : String(e) });
    }
  }

  private trimManifests(keep: string): void {
    for (const v of this.manifests.keys()) {
      if (this.manifests.size <= MANIFESTS_KEPT) break;
      if (v !== keep && v !== this.running?.version) this.manifests.delete(v);
    }
  }
}

/**
 * The wait before the next poll: `poll` after a success, doubling with each consecutive failure up to 10x
 * `poll`, always with ±10% jitter (`random` in [0, 1)) so a fleet started together does not poll in step.
 */
export function pollDelay(pollMs: number, failures: number, random: number): number {
  const factor = failures === 0 ? 1 : Math.min(MAX_BACKOFF, 2 ** failures);
  return Math.round(pollMs * factor * (0.9 + random * 0.2));
}

function chooseTrackSafe(pointer: Pointer | null, host: string): string | null {
  return pointer ? chooseTrack(pointer, host).version : null;
}

function flagsChanged(a: EnvModel, b: EnvModel): string[] {
  const keys = new Set([...Object.keys(a.flags), ...Object.keys(b.flags)]);
  const out: string[] = [];
  for (const k of keys) {
    const x = Object.hasOwn(a.flags, k) ? JSON.stringify(a.flags[k]) : undefined;
    const y = Object.hasOwn(b.flags, k) ? JSON.stringify(b.flags[k]) : undefined;
    if (x !== y) out.push(k);
  }
  return out.sort();
}
