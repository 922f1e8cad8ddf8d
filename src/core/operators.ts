// Every attribute operator, declared once: the operand it takes and the attribute types it applies to. The
// parser reads the operand, lint (FLAG031) the types, and a new operator that is missing here, or from the
// exhaustive switches of the compiler (eval/leaf.ts) and the printer (compile/conditionText.ts), does not compile.
import type { AttrOp, AttrType } from "./model.js";

type Operand = "scalar" | "list" | "string" | "number" | "range" | "time" | "boolean";

const ALL: readonly AttrType[] = ["string", "number", "boolean", "semver", "enum", "time"];
const EQUALITY: readonly AttrType[] = ["string", "number", "boolean", "semver", "enum"];
const op = (operand: Operand, types: readonly AttrType[]) => ({ operand, types });

export const OPERATORS: Record<AttrOp, { operand: Operand; types: readonly AttrType[] }> = {
  eq: op("scalar", EQUALITY),
  in: op("list", EQUALITY),
  notIn: op("list", EQUALITY),
  startsWith: op("string", ["string"]),
  endsWith: op("string", ["string"]),
  contains: op("string", ["string"]),
  glob: op("string", ["string"]),
  regex: op("string", ["string"]),
  lt: op("number", ["number"]),
  lte: op("number", ["number"]),
  gt: op("number", ["number"]),
  gte: op("number", ["number"]),
  semver: op("range", ["semver"]),
  before: op("time", ["time"]),
  after: op("time", ["time"]),
  exists: op("boolean", ALL),
};

/** The operators an attribute of `type` accepts, in table order (documented in docs/rules.md). */
export const operatorsFor = (type: AttrType): AttrOp[] => (Object.keys(OPERATORS) as AttrOp[]).filter((o) => OPERATORS[o].types.includes(type));

/** The operators written as mapping keys (`eq` is `attr: value`). */
export const ATTR_OPS: readonly string[] = Object.keys(OPERATORS).filter((o) => o !== "eq");
