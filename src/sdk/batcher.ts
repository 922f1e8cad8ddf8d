// Exposure events for users who ship them somewhere (a log, a warehouse): evaluations are folded into one
// entry per (flag, variation, reason, version) with a count, so a hot flag costs one entry per interval, not
// one per request. The buffer is bounded: when it holds `maxEntries` distinct entries, new ones are dropped
// and counted in `dropped` rather than growing memory under a flood of distinct keys.
import type { Detail, EvaluationSink } from "./client.js";
import { durationMs } from "./options.js";

export interface EvaluationSummary {
  key: string;
  variation: string | null;
  reason: string;
  errorCode?: string;
  version: string | null;
  count: number;
  /** Epoch ms of the first and last evaluation folded into this entry. */
  firstAt: number;
  lastAt: number;
}

export interface BatcherOptions {
  /** Receives each batch; a rejection drops that batch (counted in `dropped`). */
  send(batch: EvaluationSummary[]): void | Promise<void>;
  /** Distinct entries held before new ones are dropped (default 1000). */
  maxEntries?: number;
  /** Milliseconds or a duration string between flushes (default 60 s). */
  flushInterval?: number | string;
  now?: () => number;
}

export class EvaluationBatcher implements EvaluationSink {
  /** Evaluations not delivered: buffer full, or a batch whose send failed. */
  dropped = 0;
  private entries = new Map<string, EvaluationSummary>();
  private readonly max: number;
  private readonly interval: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly opts: BatcherOptions) {
    this.max = opts.maxEntries ?? 1000;
    this.interval = durationMs("flushInterval", opts.flushInterval, 60_000, 1);
    this.now = opts.now ?? Date.now;
  }

  readonly record = (key: string, d: Detail, version: string | null): void => {
    const id = `${key}\0${d.variation}\0${d.reason}\0${d.errorCode ?? ""}\0${version}`;
    const t = this.now();
    const e = this.entries.get(id);
    if (e !== undefined) {
      e.count++;
      e.lastAt = t;
      return;
    }
    if (this.entries.size >= this.max) {
      this.dropped++;
      return;
    }
    const entry: EvaluationSummary = { key, variation: d.variation, reason: d.reason, version, count: 1, firstAt: t, lastAt: t };
    if (d.errorCode !== undefined) entry.errorCode = d.errorCode;
    this.entries.set(id, entry);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.interval);
      this.timer.unref(); // a pending flush alone never keeps a process alive; close() delivers it
    }
  };

  /** Delivers what is buffered now. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.entries.values()];
    this.entries = new Map();
    if (batch.length === 0) return this.sending;
    this.sending = this.sending.then(async () => {
      try {
        await this.opts.send(batch);
      } catch {
        for (const e of batch) this.dropped += e.count;
      }
    });
    return this.sending;
  }

  close(): Promise<void> {
    return this.flush();
  }
}

export function createEvaluationBatcher(opts: BatcherOptions): EvaluationBatcher {
  return new EvaluationBatcher(opts);
}
