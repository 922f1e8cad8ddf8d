// Regular expressions in conditions run on RE2JS, a linear-time engine (no backtracking): a pattern such as
// `^(a+)+$` costs time proportional to the input, where V8's own engine takes seconds on 30 characters. The
// price is RE2's syntax: no backreferences or lookaround. Patterns are written in JavaScript's syntax and
// translated (`\u00e9`, `(?<name>…)`, `\cA`), so every pattern both engines accept means the same thing, except
// that `.`, `\s`, `\w` follow RE2 (code points; ASCII classes). `flagctl validate` reports a pattern RE2 cannot
// run (FLAG039); evaluation treats it as an error, never as a slow match.
import { RE2JS } from "re2js";

export interface LinearRegex {
  test(value: string): boolean;
}

// The same team or email pattern repeats across thousands of flags: compile each once (bounded).
const compiled = new Map<string, LinearRegex | string>();

/** The compiled pattern, or why the linear-time engine cannot run it. */
export function compileRegex(source: string): LinearRegex | string {
  const hit = compiled.get(source);
  if (hit !== undefined) return hit;
  let out: LinearRegex | string;
  try {
    out = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (e) {
    out = unsupportedReason(source, (e as Error).message);
  }
  if (compiled.size >= 4096) compiled.clear();
  compiled.set(source, out);
  return out;
}

function unsupportedReason(source: string, engineMessage: string): string {
  const message = engineMessage.replace(/^error parsing regexp: /, "");
  if (/\\[1-9]|\\k</.test(source)) return `backreferences are not supported by the linear-time regex engine (${message})`;
  if (/\(\?<?[=!]/.test(source)) return `lookahead and lookbehind are not supported by the linear-time regex engine (${message})`;
  return message;
}

/** A glob (`*` any run, `?` one character, the rest literal) matched against the whole value, in linear time. */
export function compileGlob(glob: string): LinearRegex {
  let src = "";
  for (const ch of glob) src += ch === "*" ? ".*" : ch === "?" ? "." : RE2JS.quote(ch);
  return RE2JS.compile(`^${src}$`, RE2JS.DOTALL);
}
