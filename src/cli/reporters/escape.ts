// User text (flag files, rule names, reasons in the store, revisions) escaped for where it is shown. A file may
// hold an ESC that would drive the reader's terminal, a newline that forges a heading in a PR comment, or one
// line of a megabyte: every renderer passes such text through one of these.

/** C0/C1 controls, DEL, line/paragraph separators and bidi overrides (which reorder what a reader sees). */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Longest excerpt of user text shown in one place; the rest is cut with a count. */
export const MAX_SHOWN = 240;

function escapeChar(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Control characters shown as escapes (`\x1b`, `\n`): safe on a terminal and one line long. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, escapeChar);
}

/** `visible`, then cut to `max` characters (on a code point boundary) with a note of how much was left out. */
export function capped(text: string, max = MAX_SHOWN): string {
  const shown = visible(text);
  if (shown.length <= max) return shown;
  let cut = max;
  if (/[\ud800-\udbff]/.test(shown[cut - 1])) cut--;
  return `${shown.slice(0, cut)}… (${shown.length - cut} more characters)`;
}

/** A window of at most `max` characters of a source line around `column` (1-based), and the column within it. */
export function excerpt(line: string, column: number, max = 160): { text: string; column: number } {
  const shown = line.replace(/\t/g, " ");
  if (shown.length <= max) return escapedWindow(shown, column);
  const start = Math.max(0, Math.min(column - 1 - Math.floor(max / 2), shown.length - max));
  const window = shown.slice(start, start + max);
  const head = start > 0 ? "…" : "";
  const tail = start + max < shown.length ? "…" : "";
  const w = escapedWindow(window, column - start);
  return { text: `${head}${w.text}${tail}`, column: w.column + head.length };
}

/** Escapes a line and moves the column past the characters that grew into escapes before it. */
function escapedWindow(line: string, column: number): { text: string; column: number } {
  const before = visible(line.slice(0, Math.max(0, column - 1)));
  return { text: before + visible(line.slice(Math.max(0, column - 1))), column: before.length + 1 };
}

/**
 * Text inside markdown (a PR comment, a job summary): no links, emphasis, HTML or line breaks, capped. Backticks
 * stay: messages quote keys as `code`, and a code span can only switch markup off, never forge any. With no line
 * breaks, block syntax (`#`, `>`, lists) cannot start; with `[`/`]` escaped, no link or image can form.
 */
export function markdownText(text: string, max = MAX_SHOWN): string {
  return capped(text, max)
    .replace(/[&<>]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[ch]!)
    .replace(/[\\*_[\]|]/g, "\\$&");
}

// GitHub workflow commands: data escapes %, CR, LF; property values also escape ':' and ','. User text inside
// properties is escaped first (`capped`: no control characters, no line breaks of its own, bounded length).
export const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const prop = (s: string) => data(capped(s)).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** Text inside a markdown code span: a backtick would end the span, so it is replaced. */
export function markdownCode(text: string, max = MAX_SHOWN): string {
  return capped(text, max).replace(/`/g, "'").replace(/\|/g, "\\|");
}

// What flagctl itself writes to a terminal: SGR colours (chalk) and the progress line's "\r ESC[2K".
// eslint-disable-next-line no-control-regex
const UNSAFE_OUTPUT = /\r(?!\x1b\[2K)|\x1b(?!\[[0-9;]*[mK])|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g;

/**
 * The last line of defence for everything written to stdout/stderr: control characters that reached the output
 * from user text are shown escaped, so no file, reason or name can move the cursor, retitle the window or
 * rewrite what the reader sees. Renderers escape user text themselves (`visible`); this catches what they miss.
 */
export function terminalSafe(text: string): string {
  // \uXXXX (and \r): also a valid escape inside JSON strings, which JSON.stringify leaves C1 characters raw in.
  return text.replace(UNSAFE_OUTPUT, (ch) => (ch === "\r" ? "\\r" : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`));
}
