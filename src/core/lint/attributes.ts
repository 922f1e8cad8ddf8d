import semver from "semver";
import type { AttrDecl, AttrOp, AttrType, Scalar } from "../model.js";
import { suggestion } from "../didYouMean.js";
import { conditionRules } from "./condition-rule.js";
import { show } from "./values.js";
import { OPERATORS, operatorsFor } from "../operators.js";


const opName = (op: AttrOp) => (op === "eq" ? "equality (`attr: value`)" : `\`${op}\``);

const declOf = (context: Record<string, AttrDecl>, name: string) => (Object.hasOwn(context, name) ? context[name] : undefined);

export const unknownAttribute = conditionRules(
  "030", "error",
  "A condition names a context attribute that flagctl.yaml does not declare.",
  "declare the attribute under `context` in flagctl.yaml, or fix its name",
  (c, repo, report) => {
    if (c.kind !== "attr" || declOf(repo.project.context, c.attr)) return;
    report(c.loc, `unknown context attribute \`${c.attr}\`${suggestion(c.attr, Object.keys(repo.project.context))}`);
  },
);

export const operatorForType = conditionRules(
  "031", "error",
  "An operator is used on an attribute of a type it does not apply to (see the operator matrix).",
  "use an operator that fits the attribute's declared type, or change the type in flagctl.yaml",
  (c, repo, report) => {
    if (c.kind !== "attr") return;
    const decl = declOf(repo.project.context, c.attr);
    if (!decl || OPERATORS[c.test.op].types.includes(decl.type)) return;
    report(c.loc, `${opName(c.test.op)} does not apply to \`${c.attr}\`, ${decl.type === "enum" ? "an" : "a"} ${decl.type} attribute; use one of: ${operatorsFor(decl.type).join(", ")}`);
  },
);


function operands(t: { op: AttrOp } & ({ value?: unknown } | { values?: unknown[] })): Scalar[] | undefined {
  if (t.op === "eq") return [(t as { value: Scalar }).value];
  if (t.op === "in" || t.op === "notIn") return (t as { values: Scalar[] }).values;
  return undefined;
}

export const enumValue = conditionRules(
  "032", "error",
  "A condition compares an enum attribute (including `env`) with a value not among its declared values.",
  "use one of the attribute's enum values, or add the value to its enum in flagctl.yaml",
  (c, repo, report, ctx) => {
    if (c.kind !== "attr") return;
    const decl = declOf(repo.project.context, c.attr);
    const vals = operands(c.test);
    if (decl?.type !== "enum" || !vals) return;
    const allowed = ctx.memo(`enum:${c.attr}`, () => new Set(decl.values ?? []));
    for (const v of vals) {
      if (!allowed.has(String(v))) {
        report(c.loc, `${show(v)} is not a value of \`${c.attr}\` (${[...allowed].join(", ")})${typeof v === "string" ? suggestion(v, allowed) : ""}`);
      }
    }
  },
);

function operandProblem(type: AttrType, v: Scalar): string | undefined {
  switch (type) {
    case "string":
      return typeof v === "string" ? undefined : "is not a string (quote it)";
    case "number":
      return typeof v === "number" ? undefined : "is not a number";
    case "boolean":
      return typeof v === "boolean" ? undefined : "is not true or false";
    case "semver":
      return typeof v === "string" && semver.valid(v) ? undefined : "is not a semantic version such as 4.2.0 (for ranges use `semver:`)";
    default:
      return undefined;
  }
}

export const operandType = conditionRules(
  "033", "error",
  "An equality or `in`/`notIn` value does not fit the attribute's type (e.g. a number compared with a string attribute).",
  "write values of the attribute's type; quote strings that YAML reads as numbers or booleans",
  (c, repo, report) => {
    if (c.kind !== "attr") return;
    const decl = declOf(repo.project.context, c.attr);
    const vals = operands(c.test);
    if (!decl || !vals) return;
    for (const v of vals) {
      const p = operandProblem(decl.type, v);
      if (p) report(c.loc, `${show(v)} ${p}; \`${c.attr}\` is ${decl.type === "enum" ? "an" : "a"} ${decl.type} attribute`);
    }
  },
);
