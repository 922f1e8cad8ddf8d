const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m", "1h30m", "90s", "2d", "0" -> milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  const parts = t.match(/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/) ? t.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d)/g) : null;
  if (!parts) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, n, unit] = part.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/)!;
    total += Number(n) * UNIT_MS[unit];
  }
  return Math.round(total);
}
