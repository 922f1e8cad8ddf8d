// --report: the agent writes envs/<env>/hosts/<host>.json with what it runs, every interval and on each switch,
// so `flagctl status` can compare the fleet with the pointer. A failed write is logged once per failure streak
// and retried at the next tick; it never affects serving.
import { writeHostReport } from "../store/hosts.js";
import type { ObjectStore } from "../store/store.js";
import type { RuntimeStatus } from "../sdk/fetchLoop.js";

export class HostReporter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private again = false;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly status: () => RuntimeStatus,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reports every interval from now on; the first report comes with the first release loaded (report()). */
  start(): void {
    this.timer = setInterval(() => this.report(), this.intervalMs);
  }

  /** Writes a report now; reports asked for while one is being written collapse into one more write. */
  report(): void {
    if (this.stopped) return;
    if (this.again) return;
    this.again = true;
    this.writing = this.writing.then(async () => {
      this.again = false;
      if (this.stopped) return;
      const s = this.status();
      try {
        await writeHostReport(this.store, s.env, {
          host: s.host,
          version: s.release?.version ?? null,
          seq: s.release?.seq ?? null,
          track: s.release?.track ?? null,
          at: new Date(this.now()).toISOString(),
          intervalMs: this.intervalMs,
        });
        if (this.failing) this.log(`host report written again`);
        this.failing = false;
      } catch (e) {
        if (!this.failing) this.log(`warning: cannot write the host report: ${e instanceof Error ? e.message : String(e)}`);
        this.failing = true;
      }
    });
  }

  /** Stops the timer and waits for a write in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.writing;
  }
}
