// Argument shapes, checked before any store or git access: anything malformed or out of range is a usage error
// (exit 2) that names the option and shows a valid example. Number() is never used on its own: it takes "0x14",
// "1e1", " 5" and "" (as 0).
import { parseDuration } from "../core/release/duration.js";
import { parseVersion } from "../core/release/version.js";
import { UsageError } from "../errors.js";

/** A share of hosts: (0, 100], at most 3 decimals (the bucket resolution), optional "%". */
export function parsePercent(text: string, option: string): number {
  const m = /^(\d{1,3}(?:\.\d{1,3})?)%?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0 && n <= 100)) {
    throw new UsageError(`${option} ${text} is not a percentage`, `use a number above 0 and at most 100 with at most 3 decimals, e.g. ${option} 25 or ${option} 0.5`);
  }
  return n;
}

/** A decimal integer in [min, max]. */
export function parseInteger(text: string, option: string, { min = 1, max = Number.MAX_SAFE_INTEGER, hint }: { min?: number; max?: number; hint?: string } = {}): number {
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`${option} ${text} is not a whole number ${range}`, hint ?? `e.g. ${option} ${min}`);
  }
  return n;
}

/** A non-negative decimal number (an environment variable such as FLAGCTL_BAKE_SCALE). */
export function parseDecimal(text: string, name: string): number {
  if (!/^\d{1,12}(\.\d{1,12})?$/.test(text.trim())) throw new UsageError(`${name}=${text} is not a non-negative decimal number`, `e.g. ${name}=0.001`);
  return Number(text.trim());
}

/** 90s, 15m, 1h30m, 2d, 0 (at most 366 days). */
export function parseDurationArg(text: string, option: string): number {
  const ms = parseDuration(text);
  if (ms === null || text.trim() !== text || ms > 366 * 86_400_000) {
    throw new UsageError(`${option} ${text} is not a duration`, `use e.g. ${option} 0s, ${option} 30s, ${option} 5m, ${option} 1h30m`);
  }
  return ms;
}

/** ISO 8601 (2026-11-21T12:00:00Z, a date, or with an offset) or epoch milliseconds. */
export function parseTime(text: string, option: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : iso.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${option} ${text} is not a time`, "use ISO 8601 (2026-11-21T12:00:00Z) or epoch milliseconds");
  return ms;
}

/** A release version name: v<YYYYMMDD>.<HHMMSS>-<commit7>[-dirty]. */
export function parseVersionArg(text: string, what = "version"): string {
  if (!parseVersion(text)) {
    throw new UsageError(`${what} ${JSON.stringify(text)} is not a release version`, "a release is named v<YYYYMMDD>.<HHMMSS>-<commit7>, e.g. v20261121.120000-abc1234; flagctl status lists them", "E_BAD_VERSION");
  }
  return text;
}
