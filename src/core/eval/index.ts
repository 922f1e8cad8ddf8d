export { specialise, type Evaluator, type SpecialiseOptions } from "./specialise.js";
export type { Context, EvalResult, Reason, ReasonKind, ErrorCode } from "./result.js";
export { conditionText, type Explanation, type ExplainStep, type CondTrace } from "./explain.js";
export { globToRegExp } from "./leaf.js";
export { attrValueFromText } from "./values.js";
