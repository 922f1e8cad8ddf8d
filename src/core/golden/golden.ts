// Golden tests (tests/*.yaml) through the one evaluation path: compileEnv -> specialise -> evaluate, exactly
// what `flagctl eval` and the SDK run. Pure: the clock comes in as `now`.
import { compileEnv, jsonEqual, type EnvModel } from "../compile/index.js";
import { specialise, type EvalResult, type Evaluator, type Reason } from "../eval/index.js";
import type { ExactTest, GoldenTest, JsonValue, PopulationTest, Project, Repo } from "../model.js";
import type { TestOutcome } from "./result.js";
import { subModel } from "./subModel.js";

export interface GoldenOptions {
  /** Epoch milliseconds for time conditions when a test's context has no `now`. */
  now: () => number;
  /** Run only tests whose name, file or flags contain this text. */
  filter?: string;
  /** Called after each test with how many have run of how many selected (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

/** Runs every golden test of the repo (which must have passed checkRepo without errors). */
export function runGoldenTests(repo: Repo, opts: GoldenOptions): TestOutcome[] {
  const models = new Map<string, EnvModel>();
  const model = (env: string): EnvModel | undefined => {
    if (!repo.project.environments.includes(env)) return undefined;
    let m = models.get(env);
    if (!m) models.set(env, (m = compileEnv(repo, env)));
    return m;
  };
  // Tests with the same environment and statics share one evaluator: results depend only on the model, the
  // statics, the clock and the context, and flags are specialised on first use, so a run costs about its
  // evaluations rather than a specialisation of the whole repo per test.
  const evaluators = new Map<string, Evaluator>();
  const evaluator = (m: EnvModel, statics: Record<string, unknown>): Evaluator => {
    const key = `${m.env}\0${JSON.stringify(Object.keys(statics).sort().map((k) => [k, statics[k]]))}`;
    let ev = evaluators.get(key);
    if (!ev) evaluators.set(key, (ev = specialise(m, statics, { now: opts.now })));
    return ev;
  };
  const selected = opts.filter === undefined ? repo.tests : repo.tests.filter((t) => matchesFilter(t, opts.filter!));
  const out: TestOutcome[] = [];
  for (const t of selected) {
    const m = model(t.env);
    out.push(t.kind === "exact" ? runExact(t, m, repo.project, evaluator) : runPopulation(t, m, repo.project, opts, evaluator));
    opts.onProgress?.(out.length, selected.length);
  }
  return out;
}

type EvaluatorFor = (m: EnvModel, statics: Record<string, unknown>) => Evaluator;

function matchesFilter(t: GoldenTest, filter: string): boolean {
  const f = filter.toLowerCase();
  const flags = t.kind === "exact" ? Object.keys(t.expect) : [t.flag];
  return [t.name, t.file, ...flags].some((s) => s.toLowerCase().includes(f));
}

/**
 * A test's attributes go where their declaration says, whichever of `static:` or `context:` holds them: the
 * engine reads static attributes only from the statics and request attributes only from the context.
 * `static:` wins when both name the same attribute.
 */
export function splitAttributes(t: GoldenTest, project: Project): { statics: Record<string, unknown>; context: Record<string, unknown> } {
  const statics: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    const decl = Object.hasOwn(project.context, name) ? project.context[name] : undefined;
    if (decl?.static || name === "env") statics[name] = value;
    else context[name] = value;
  };
  for (const [k, v] of Object.entries(t.context)) put(k, v);
  for (const [k, v] of Object.entries(t.static)) put(k, v);
  statics.env = t.env;
  return { statics, context };
}

const where = (t: GoldenTest) => ({ name: t.name, file: t.file, line: t.loc.line, column: t.loc.column, env: t.env });

function noEnv(t: GoldenTest): string {
  return `environment \`${t.env}\` is not in flagctl.yaml`;
}

function runExact(t: ExactTest, model: EnvModel | undefined, project: Project, evaluator: EvaluatorFor): TestOutcome {
  if (!model) return { kind: "exact", ...where(t), status: "failed", message: noEnv(t), expectations: [] };
  const { statics, context } = splitAttributes(t, project);
  const ev = evaluator(model, statics);
  const expectations = Object.entries(t.expect).map(([flag, expected]) => {
    const r = ev.evaluate(flag, context);
    const loc = t.locs?.[`expect.${flag}`] ?? t.loc;
    return {
      flag,
      line: loc.line,
      expected,
      actual: r.value,
      variation: r.variation ?? null,
      reason: reasonText(r.reason),
      passed: served(ev, r, expected),
    };
  });
  const failed = expectations.some((e) => !e.passed);
  return { kind: "exact", ...where(t), status: failed ? "failed" : "passed", expectations };
}

/** The served value equals the expected one; for json flags the expected may also be the variation's name. */
function served(ev: Evaluator, r: EvalResult, expected: JsonValue): boolean {
  if (r.reason.errorCode === "FLAG_NOT_FOUND") return false;
  if (jsonEqual(r.value, expected)) return true;
  return ev.flag(r.key)?.type === "json" && typeof expected === "string" && r.variation === expected;
}

/**
 * Synthetic units: unit i of `size` gets `vary` = "<vary>-<i>" (a string attribute or an undeclared one) or the
 * number i (a number attribute); everything else comes from the test's context. Deterministic, so a population
 * test passes or fails the same way every run.
 */
export function syntheticUnits(vary: string, type: string | undefined): ((i: number) => string | number) | undefined {
  if (type === undefined || type === "string") {
    const prefix = `${vary}-`;
    return (i) => prefix + i;
  }
  if (type === "number") return (i) => i;
  return undefined;
}

function runPopulation(t: PopulationTest, model: EnvModel | undefined, project: Project, opts: GoldenOptions, evaluator: EvaluatorFor): TestOutcome {
  const base = { kind: "population" as const, ...where(t), flag: t.flag, size: t.population.size, vary: t.population.vary, tolerance: t.tolerance };
  if (!model) return { ...base, status: "failed", message: noEnv(t), shares: [], errors: 0 };
  if (!Object.hasOwn(model.flags, t.flag)) return { ...base, status: "failed", message: `flag \`${t.flag}\` does not exist`, shares: [], errors: 0 };
  const decl = Object.hasOwn(project.context, t.population.vary) ? project.context[t.population.vary] : undefined;
  const unitOf = syntheticUnits(t.population.vary, decl?.type);
  if (unitOf === undefined) {
    return { ...base, status: "failed", message: `cannot make synthetic units of the ${decl!.type} attribute \`${t.population.vary}\` (vary a string or number attribute)`, shares: [], errors: 0 };
  }
  const { statics, context } = splitAttributes(t, project);
  let errors = 0;
  // Variations are few: a scan of a short list counts them faster than a Map, in a loop run 20,000 times a test.
  const served: string[] = [];
  const tally: number[] = [];
  const varyStatic = Boolean(decl?.static);
  // A static `vary` (e.g. host) differs per process, so each unit needs its own specialised evaluator.
  const shared = varyStatic ? undefined : evaluator(model, statics);
  const own = varyStatic ? subModel(model, t.flag) : model;
  // One context object, its unit overwritten per unit: evaluation keeps no reference to a context, and a copy
  // per unit was over a third of a population test's time.
  const vary = t.population.vary;
  const unitContext: Record<string, unknown> = { ...context };
  const size = t.population.size;
  for (let i = 0; i < size; i++) {
    const unit = unitOf(i);
    let r: EvalResult;
    if (shared) {
      unitContext[vary] = unit;
      r = shared.evaluate(t.flag, unitContext);
    } else r = specialise(own, { ...statics, [vary]: unit }, { now: opts.now }).evaluate(t.flag, context);
    if (r.reason.kind === "ERROR") errors++;
    const v = r.variation ?? "";
    let j = 0;
    while (j < served.length && served[j] !== v) j++;
    if (j === served.length) {
      served.push(v);
      tally.push(0);
    }
    tally[j]++;
  }
  const counts = new Map(served.map((v, j) => [v, tally[j]]));
  const pct = (n: number) => Math.round((n * 100 * 1000) / t.population.size) / 1000;
  const names = [...new Set([...Object.keys(t.share), ...[...counts.keys()].sort()])];
  const shares = names.map((variation) => {
    const actual = pct(counts.get(variation) ?? 0);
    const expected = Object.hasOwn(t.share, variation) ? t.share[variation] : null;
    const loc = t.locs?.[`share.${variation}`];
    return {
      variation,
      ...(loc ? { line: loc.line } : {}),
      expected,
      actual,
      passed: expected === null || Math.abs(actual - expected) <= t.tolerance + 1e-9,
    };
  });
  const failed = shares.some((s) => !s.passed);
  return { ...base, status: failed ? "failed" : "passed", shares, errors };
}

/** One line: `RULE_MATCH rule 0 "staff first"`, `SPLIT bucket 35952, fallthrough`, `ERROR INVALID_CONTEXT: ...`. */
export function reasonText(r: Reason): string {
  const rule = r.ruleIndex !== undefined ? ` rule ${r.ruleIndex}${r.ruleName ? ` ${JSON.stringify(r.ruleName)}` : ""}` : "";
  switch (r.kind) {
    case "RULE_MATCH":
      return `RULE_MATCH${rule}`;
    case "SPLIT":
      return `SPLIT bucket ${r.bucket},${rule || " fallthrough"}`;
    case "ERROR":
      return `ERROR ${r.errorCode}${r.errorMessage ? `: ${r.errorMessage}` : ""}`;
    default:
      return r.kind;
  }
}
