// A progress line for work that takes more than a second: silent for quick runs, one rewritten line on a TTY,
// a line per second otherwise (CI logs). Goes to stderr so stdout stays parseable.
import type { CliIO } from "../io.js";

export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progress(io: CliIO, label: string, delayMs = 1000): Progress {
  const start = Date.now();
  let last = "";
  let shownAt = 0;
  let shown = false;
  const show = () => {
    if (io.isTTY) io.stderr(`\r\x1b[2K${label}: ${last}`);
    else io.stderr(`${label}: ${last}\n`);
    shown = true;
    shownAt = Date.now();
  };
  const timer = setInterval(() => {
    if (Date.now() - start >= delayMs && (io.isTTY || Date.now() - shownAt >= 1000)) show();
  }, 250);
  timer.unref();
  return {
    update(text) {
      last = text;
      if (Date.now() - start >= delayMs && io.isTTY) show();
    },
    done() {
      clearInterval(timer);
      if (shown && io.isTTY) io.stderr(`\r\x1b[2K`);
    },
  };
}
