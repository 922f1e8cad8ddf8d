// Finds every `flagctl …` invocation in GitHub workflow and composite-action files, and checks each against
// the real commander program, so the workflows cannot drift from the CLI.
import type { Command, Option } from "commander";
import { parseDocument } from "yaml";

/** An argument is a literal, or opaque: known only at run time (a `${{ }}` expression, `$VAR`, `$(…)`). */
export type Arg = string | { opaque: string };

export interface Invocation {
  /** Where: file, YAML path of the `run:` and the step's name when it has one. */
  where: string;
  /** The invocation as written (for messages). */
  text: string;
  args: Arg[];
}

export interface RunScript {
  where: string;
  script: string;
}

/** Every `run:` script of a workflow (jobs.*.steps[*]) or composite action (runs.steps[*]). */
export function runScripts(file: string, yamlText: string): RunScript[] {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  const root = doc.toJS() as Record<string, unknown>;
  const out: RunScript[] = [];
  const fromSteps = (steps: unknown, path: string) => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step: Record<string, unknown>, i) => {
      if (typeof step?.run !== "string") return;
      const name = typeof step.name === "string" ? ` "${step.name}"` : typeof step.id === "string" ? ` (id ${step.id})` : "";
      out.push({ where: `${file}: ${path}[${i}]${name}`, script: step.run });
    });
  };
  for (const [job, def] of Object.entries((root.jobs ?? {}) as Record<string, Record<string, unknown>>)) fromSteps(def?.steps, `jobs.${job}.steps`);
  fromSteps((root.runs as Record<string, unknown> | undefined)?.steps, "runs.steps");
  return out;
}

// ---------------------------------------------------------------- a small shell lexer

type Token = { kind: "word"; text: string; parts: Arg } | { kind: "op"; text: string };

const OPS = ["&&", "||", ";;", ";", "|", "&", "(", ")", "\n"];
const REDIRECT = /^(\d*)(>>|>&|<&|>|<)$/;
/** Words that may precede a command on the same line. */
const PREFIX_WORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "command"]);

/**
 * Splits a bash script into simple commands of words. Quotes are removed; a word containing `$…`, `$(…)`,
 * backquotes or a `${{ }}` expression is opaque (its value is only known at run time). Command substitutions
 * are lexed too, so `v=$(flagctl …)` is found. Not a full shell: enough for CI scripts, and it fails loudly
 * (throws) on what it cannot read, such as an unterminated quote.
 */
export function simpleCommands(script: string): Token[][] {
  // `${{ }}` may hold quotes and spaces: replace each with a placeholder word first.
  const exprs: string[] = [];
  const src = script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => `\u0000${exprs.push(m) - 1}\u0000`).replace(/\\\r?\n/g, " ");
  const commands: Token[][] = [];
  const nested: string[] = [];
  let current: Token[] = [];
  const end = () => {
    if (current.length) commands.push(current);
    current = [];
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      current.push({ kind: "op", text: op });
      end();
      i += op.length;
      continue;
    }
    // A word: runs until unquoted whitespace or an operator.
    let text = "";
    let opaque = false;
    while (i < src.length) {
      const ch = src[i];
      if ((ch === ">" || ch === "<") && src[i + 1] === "&") {
        // 2>&1, >&2: a redirection, not a background `&`.
        text += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n" || OPS.some((o) => o !== "\n" && src.startsWith(o, i))) break;
      if (ch === "'") {
        const close = src.indexOf("'", i + 1);
        if (close < 0) throw new Error(`unterminated ' in: ${script}`);
        text += src.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        let j = i + 1;
        while (j < src.length && src[j] !== '"') {
          if (src[j] === "\\") j++;
          else if (src[j] === "$" && src[j + 1] === "(") {
            const close = matchParen(src, j + 1);
            nested.push(src.slice(j + 2, close));
            j = close;
          }
          j++;
        }
        if (j >= src.length) throw new Error(`unterminated " in: ${script}`);
        const inner = src.slice(i + 1, j);
        if (/[$`\u0000]/.test(inner)) opaque = true;
        text += inner.replace(/\\(["\\$`])/g, "$1");
        i = j + 1;
      } else if (ch === "$" && src[i + 1] === "(") {
        const close = matchParen(src, i + 1);
        nested.push(src.slice(i + 2, close));
        text += src.slice(i, close + 1);
        opaque = true;
        i = close + 1;
      } else {
        if (ch === "$" || ch === "`" || ch === "\u0000") opaque = true;
        if (ch === "\\" && i + 1 < src.length) {
          text += src[i + 1];
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
    }
    const shown = text.replace(/\u0000(\d+)\u0000/g, (_, n) => exprs[Number(n)]);
    current.push({ kind: "word", text: shown, parts: opaque ? { opaque: shown } : shown });
  }
  end();
  for (const inner of nested) commands.push(...simpleCommands(inner.replace(/\u0000(\d+)\u0000/g, (_, n) => exprs[Number(n)])));
  return commands;
}

function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === "(") depth++;
    else if (src[j] === ")" && --depth === 0) return j;
  }
  throw new Error(`unterminated $( in: ${src}`);
}

/** `flagctl`, `npx [--no-install] flagctl`, `npm exec flagctl --`, `node [./]bin/flagctl.js`, `…/flagctl`. */
function flagctlArgsStart(words: Arg[]): number | undefined {
  const lit = (k: number) => (typeof words[k] === "string" ? (words[k] as string) : undefined);
  const w0 = lit(0);
  if (w0 === undefined) return undefined;
  if (w0 === "flagctl" || /\/flagctl$/.test(w0)) return 1;
  if (w0 === "npx") {
    let k = 1;
    while (lit(k)?.startsWith("-")) k++;
    return lit(k) === "flagctl" ? k + 1 : undefined;
  }
  if (w0 === "npm" && lit(1) === "exec") {
    let k = 2;
    while (lit(k)?.startsWith("-") && lit(k) !== "--") k++;
    if (lit(k) !== "flagctl") return undefined;
    return lit(k + 1) === "--" ? k + 2 : k + 1;
  }
  if (w0 === "node") {
    let k = 1;
    while (lit(k)?.startsWith("-")) k++;
    return /(^|\/)(bin\/flagctl\.js|dist\/cli\/main\.js)$/.test(lit(k) ?? "") ? k + 1 : undefined;
  }
  return undefined;
}

/** Every flagctl invocation in a script, with redirections removed. */
export function invocationsIn(where: string, script: string): Invocation[] {
  const found: Invocation[] = [];
  for (const cmd of simpleCommands(script)) {
    const words: Arg[] = [];
    const shown: string[] = [];
    for (let k = 0; k < cmd.length; k++) {
      const t = cmd[k];
      if (t.kind === "op") continue;
      if (REDIRECT.test(t.text) && typeof t.parts === "string") {
        k++; // and its target
        continue;
      }
      if (/^\d*(>>|>&|<&|>|<)./.test(t.text) && typeof t.parts === "string") continue; // 2>/dev/null, >file
      words.push(t.parts);
      shown.push(/\s/.test(t.text.replace(/\$\{\{[\s\S]*?\}\}/g, "")) ? JSON.stringify(t.text) : t.text);
    }
    // Leading keywords and VAR=value assignments are not the command.
    let s = 0;
    while (s < words.length) {
      const w = words[s];
      const text = typeof w === "string" ? w : w.opaque;
      if (PREFIX_WORDS.has(text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) s++;
      else break;
    }
    const start = flagctlArgsStart(words.slice(s));
    if (start === undefined) continue;
    found.push({ where, text: shown.slice(s).join(" "), args: words.slice(s + start) });
  }
  return found;
}

// ---------------------------------------------------------------- checking against the program

const optionOf = (cmd: Command, flag: string): Option | undefined => {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((opt) => opt.long === flag || opt.short === flag);
    if (o) return o;
  }
  return undefined;
};

/** What is wrong with one invocation, as messages; [] when the CLI accepts it. */
export function checkInvocation(program: Command, inv: Invocation): string[] {
  const [sub, ...rest] = inv.args;
  const problems: string[] = [];
  const say = (m: string) => problems.push(`${inv.where}: \`${inv.text}\`: ${m}`);
  if (sub === undefined || typeof sub !== "string") {
    say(sub === undefined ? "no subcommand" : `the subcommand is not a literal (${sub.opaque})`);
    return problems;
  }
  const cmd = program.commands.find((c) => c.name() === sub || c.aliases().includes(sub));
  if (!cmd) {
    const known = program.commands.map((c) => c.name()).sort();
    say(`unknown command "${sub}" (the CLI has: ${known.join(", ") || "none"})`);
    return problems;
  }
  let positionals = 0;
  let optionsEnded = false;
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k];
    if (typeof a !== "string" || optionsEnded || !a.startsWith("-") || a === "-") {
      positionals++;
      continue;
    }
    if (a === "--") {
      optionsEnded = true;
      continue;
    }
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (flag === "--help" || flag === "-h") continue;
    const opt = optionOf(cmd, flag);
    if (!opt) {
      const known = cmd.options.map((o) => o.long).filter(Boolean);
      say(`unknown option ${flag} for "flagctl ${sub}" (it has: ${known.join(", ") || "none"})`);
      continue;
    }
    let value: Arg | undefined;
    if (eq > 0 && a.startsWith("--")) value = a.slice(eq + 1);
    else if (opt.required || (opt.optional && typeof rest[k + 1] === "string" && !(rest[k + 1] as string).startsWith("-"))) {
      value = rest[++k];
      if (value === undefined && opt.required) say(`option ${flag} needs a value`);
    } else if (eq > 0) {
      say(`option ${flag} takes no value`);
    }
    if (typeof value === "string" && opt.argChoices && !opt.argChoices.includes(value)) {
      say(`option ${flag} "${value}" is not one of ${opt.argChoices.join(", ")}`);
    }
  }
  const declared = cmd.registeredArguments;
  const required = declared.filter((d) => d.required).length;
  const variadic = declared.some((d) => d.variadic);
  if (positionals < required) say(`"flagctl ${sub}" needs ${required} argument(s), got ${positionals}`);
  if (!variadic && positionals > declared.length) say(`"flagctl ${sub}" takes at most ${declared.length} argument(s), got ${positionals}`);
  return problems;
}

