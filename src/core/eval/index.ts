export { specialise, type Evaluator, type SpecialiseOptions } from "./specialise.js";
export type { Context, EvalResult, Reason, ReasonKind, ErrorCode } from "./result.js";
export type { Explanation, ExplainStep, CondTrace } from "./explain.js";
export { conditionText } from "../compile/conditionText.js";
export { attrValueFromText } from "./values.js";
