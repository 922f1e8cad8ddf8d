// Library entry point: the pure core, for tools that embed flagctl.
export type * from "./core/model.js";
export type { Diagnostic, Severity } from "./core/diagnostic.js";
export { compileEnv, compileRepo, canonicalJson, loadEnvModel, IR_FORMAT } from "./core/compile/index.js";
export type { EnvModel, FlagIR, CondIR, ServeIR, RuleIR, VariationIR, AttrDeclIR, LoadResult } from "./core/compile/index.js";
export { specialise, conditionText } from "./core/eval/index.js";
export type { Evaluator, SpecialiseOptions, EvalResult, Reason, ReasonKind, ErrorCode, Context, Explanation, ExplainStep, CondTrace } from "./core/eval/index.js";
export { bucket, murmur3 } from "./core/bucket/index.js";
export { runGoldenTests, checkTargets } from "./core/golden/index.js";
export type { TestOutcome, TestSummary, TestStatus, ExactOutcome, PopulationOutcome, CheckOutcome } from "./core/golden/index.js";
