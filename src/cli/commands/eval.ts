import { Option } from "commander";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compileEnv } from "../../core/compile/index.js";
import { specialise, type Evaluator } from "../../core/eval/index.js";
import { suggestion } from "../../core/didYouMean.js";
import type { Repo } from "../../core/model.js";
import { ExitCode, RefusedError, UsageError } from "../../errors.js";
import { checkEnv } from "../../app/loadProject.js";
import type { RegisterCommand } from "../command.js";
import { attrsFromText, checkContextNames, parseJsonContext } from "../evalContext.js";
import type { CliIO } from "../io.js";
import { loadRepoOrReport } from "../loadRepo.js";
import { resultRecord } from "../reporters/eval.js";
import { formatsFor, render } from "../reporters/index.js";

interface EvalOptions {
  all?: boolean;
  env: string;
  static: string[];
  ctx: string[];
  ctxJson?: string;
  contexts?: string;
  explain?: boolean;
  format: string;
  cwd?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const registerEval: RegisterCommand = (program, cli) => {
  program
    .command("eval")
    .description("evaluate flags of the working tree for a context, and explain why")
    .argument("[flags...]", "flag keys (or --all)")
    .option("--all", "every flag")
    .requiredOption("--env <env>", "environment to evaluate in")
    .option("--static <name=value>", "a static attribute of the process (repeatable); env is implied", collect, [])
    .option("--ctx <name=value>", "a request attribute, typed by flagctl.yaml (repeatable)", collect, [])
    .option("--ctx-json <json>", "the request context as a JSON object (merged under --ctx)")
    .option("--contexts <file.jsonl>", "evaluate one JSON context per line; writes one JSON result line per context")
    .option("--explain", "show each rule tried, the conditions that failed, the bucket and the range that served")
    .addOption(new Option("--format <format>", "output format").choices(formatsFor("eval")).default("text"))
    .option("--cwd <dir>", "config repo directory (default: the nearest directory with flagctl.yaml)")
    .action(cli.action((flags: string[], opts: EvalOptions) => evalCommand(cli.io, flags, opts)));
};

export async function evalCommand(io: CliIO, flags: string[], opts: EvalOptions): Promise<number> {
  if (opts.all && flags.length) throw new UsageError("give flag keys or --all, not both", "flagctl eval KEY... evaluates those flags; flagctl eval --all every flag");
  if (!opts.all && !flags.length) throw new UsageError("no flag to evaluate", "name one or more flag keys, or pass --all");
  if (opts.contexts && (opts.ctx.length || opts.ctxJson !== undefined)) throw new UsageError("--contexts cannot be combined with --ctx or --ctx-json", "put every attribute in the JSONL lines");
  if (opts.contexts && opts.explain) throw new UsageError("--explain works on one context, not with --contexts", "explain one context with --ctx or --ctx-json");

  const repo = await loadRepoOrReport(io, opts);
  if (typeof repo === "number") return repo;
  const project = repo.project;
  checkEnv(project.environments, opts.env);
  const keys = opts.all ? [...repo.flags.keys()] : flags;
  for (const k of keys) checkFlagKey(repo, k);
  const statics = { ...attrsFromText(project, opts.static, "static"), env: opts.env };
  const ev = specialise(compileEnv(repo, opts.env), statics, { now: Date.now });

  if (opts.contexts) return evalContextsFile(io, ev, repo, opts.all ? undefined : keys, resolve(io.cwd, opts.contexts), opts.contexts);

  const context: Record<string, unknown> = opts.ctxJson !== undefined ? parseJsonContext(opts.ctxJson, "--ctx-json") : {};
  checkContextNames(project, context, "--ctx-json");
  Object.assign(context, attrsFromText(project, opts.ctx, "ctx"));
  const results = keys.map((k) => ev.evaluate(k, context));
  const explanations = opts.explain ? keys.map((k) => ev.explain(k, context)) : undefined;
  const input = { env: opts.env, statics, context, results, explanations, types: new Map(keys.map((k) => [k, ev.flag(k)?.type ?? "boolean"])) };
  io.stdout(render("eval", opts.format, input, io.color));
  return ExitCode.OK;
}

function checkFlagKey(repo: Repo, key: string): void {
  if (repo.flags.has(key)) return;
  throw new RefusedError(`unknown flag \`${key}\`${suggestion(key, repo.flags.keys())}`, "`flagctl eval --all --env <env>` lists every flag", "E_UNKNOWN_FLAG");
}

/** `keys` undefined: every flag, through evaluateList (one call per context). */
async function evalContextsFile(io: CliIO, ev: Evaluator, repo: Repo, keys: string[] | undefined, path: string, shown: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read --contexts ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "give a JSONL file: one JSON object per line", "E_CONTEXTS_READ");
  }
  // Parse and check every line before printing anything, so a bad line 900 leaves no partial output.
  const contexts: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${shown}:${i + 1}`;
    const ctx = parseJsonContext(line, where);
    checkContextNames(repo.project, ctx, where);
    contexts.push(ctx);
  });
  const out: string[] = [];
  for (const context of contexts) {
    const results: Record<string, ReturnType<typeof resultRecord>> = {};
    if (!keys) for (const r of ev.evaluateList(context)) results[r.key] = resultRecord(r);
    else for (const k of keys) results[k] = resultRecord(ev.evaluate(k, context));
    out.push(JSON.stringify({ context, results }));
    if (out.length >= 512) {
      io.stdout(out.splice(0).join("\n") + "\n");
      await io.drain?.(); // a slow reader holds evaluation back instead of the output piling up in memory
    }
  }
  if (out.length) io.stdout(out.join("\n") + "\n");
  return ExitCode.OK;
}
