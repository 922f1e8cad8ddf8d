// What `rollout --watch` shows: one line per event on stdout (a JSON object per line with --format json), and on
// a TTY a live status line on stderr (share bar, bake countdown, next step) redrawn every second.
import type { WatchEvent } from "../../app/watchRollout.js";
import { formatDuration } from "../../core/release/duration.js";
import type { CliIO } from "../io.js";
import { bar, describeTransition } from "../reporters/release.js";

export interface WatchView {
  event(e: WatchEvent): void;
  close(): void;
}

export function watchView(io: CliIO, format: "text" | "json", now: () => number = Date.now): WatchView {
  let live: { text: (t: number) => string } | null = null;
  const live_ = io.isTTY && format === "text";
  const clear = () => live_ && io.stderr("\r\x1b[2K");
  const draw = () => live_ && live && io.stderr(`\r\x1b[2K${live.text(now())}`);
  const timer = live_ ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  return {
    event(e) {
      if (format === "json") return io.stdout(`${JSON.stringify({ ...e, at: new Date(now()).toISOString() })}\n`);
      clear();
      io.stdout(`${eventLine(e)}\n`);
      live = liveLine(e) ?? live;
      if (e.event === "rolled-back" || e.event === "stable") live = null;
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}

export function eventLine(e: WatchEvent): string {
  switch (e.event) {
    case "start": {
      const p = e.pointer;
      const gates = e.gates.length === 0 ? "no gates" : `gates: ${e.gates.join(", ")}`;
      return `${e.env}: watching ${p.candidate} at ${p.percent}% (stable ${p.stable ?? "none yet"}); steps ${e.steps.join(", ")}; bake ${formatDuration(e.bakeMs)}; ${gates}`;
    }
    case "baking":
      return `${e.env}: baking ${e.pointer.candidate} at ${e.pointer.percent}% until ${e.dueAt}; next ${e.next}%`;
    case "gate":
      return `${e.env}: gate ${e.ok ? "passed" : "FAILED"}: ${e.gate}: ${e.detail} (${formatDuration(e.ms)})`;
    case "moved":
      return `${e.env}: #${e.after.seq} ${describeTransition(e.before, e.after)}`;
    case "rolled-back":
      return `${e.env}: #${e.after.seq} rolled back by ${e.after.by}: ${describeTransition(e.before, e.after)}; why: ${e.reason}`;
    case "stable":
      return `${e.env}: ${e.pointer.stable} is stable`;
  }
}

function liveLine(e: WatchEvent): { text: (t: number) => string } | null {
  if (e.event === "baking") {
    const due = Date.parse(e.dueAt);
    return {
      text: (t) =>
        `${e.env} ${e.pointer.candidate} ${bar(e.pointer.percent)} · ${due > t ? `baking, ${formatDuration(due - t)} left` : "running gates"} · next ${e.next}%`,
    };
  }
  if (e.event === "moved" && e.after.candidate) {
    return { text: () => `${e.env} ${e.after.candidate} ${bar(e.after.percent)} · running gates` };
  }
  return null;
}
