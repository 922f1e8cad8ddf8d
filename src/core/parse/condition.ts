import type { AttrOp, AttrTest, Condition, FlagValue, Loc, Scalar } from "../model.js";
import { ATTR_OPS, OPERATORS } from "../operators.js";
import { Reader, isMap, type Path } from "./reader.js";

const isScalar = (v: unknown): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** Parses an `if:` mapping. Returns undefined (with diagnostics) when it is not a condition at all. */
export function parseCondition(r: Reader, raw: unknown, path: Path): Condition | undefined {
  const m = r.map(raw, path);
  if (!m) return undefined;
  const loc = r.loc(path);
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(m)) {
    const p = [...path, key];
    switch (key) {
      case "any":
      case "all": {
        const of = (r.list(value, p) ?? []).flatMap((c, i) => parseCondition(r, c, [...p, i]) ?? []);
        parts.push({ kind: key, of, loc: r.loc(p, "key") });
        break;
      }
      case "not": {
        const of = parseCondition(r, value, p);
        if (of) parts.push({ kind: "not", of, loc: r.loc(p, "key") });
        break;
      }
      case "segment": {
        const names = Array.isArray(value) ? value : [value];
        if (!names.every((n): n is string => typeof n === "string")) r.unexpected(p, "a segment name or a list of them");
        else parts.push({ kind: "segment", names, loc: r.loc(p, "key") });
        break;
      }
      case "flag": {
        for (const [flagKey, expected] of Object.entries(r.map(value, p) ?? {})) {
          parts.push({ kind: "flag", key: flagKey, value: expected as FlagValue, loc: r.loc([...p, flagKey], "key") });
        }
        break;
      }
      default:
        parts.push(...parseAttr(r, key, value, p));
    }
  }
  return parts.length === 1 ? parts[0] : { kind: "all", of: parts, loc };
}

function parseAttr(r: Reader, attr: string, value: unknown, path: Path): Condition[] {
  const at = (loc: Loc, test: AttrTest): Condition => ({ kind: "attr", attr, test, loc });
  if (isScalar(value)) return [at(r.loc(path, "key"), { op: "eq", value })];
  if (Array.isArray(value)) {
    r.error("PARSE006", path, `\`${attr}\` is given a list`, `to test membership write \`${attr}: { in: [...] }\``);
    return [];
  }
  if (!isMap(value)) {
    r.unexpected(path, "a value or an operator mapping such as { in: [...] }");
    return [];
  }
  const out: Condition[] = [];
  for (const [op, operand] of Object.entries(value)) {
    const p = [...path, op];
    const test = parseTest(r, op, operand, p);
    if (test) out.push(at(r.loc(p, "key"), test));
  }
  return out;
}

function parseTest(r: Reader, op: string, operand: unknown, path: Path): AttrTest | undefined {
  const str = () => r.str(operand, path);
  switch (ATTR_OPS.includes(op) ? OPERATORS[op as AttrOp].operand : undefined) {
    case "list": {
      const values = r.list(operand, path);
      if (!values) return undefined;
      if (!values.every(isScalar)) return void r.unexpected(path, "a list of strings, numbers or booleans");
      return { op: op as "in", values };
    }
    case "string": {
      const s = str();
      return s === undefined ? undefined : { op: op as "glob", value: s };
    }
    case "number":
      if (typeof operand !== "number") return void r.unexpected(path, "a number");
      return { op: op as "lt", value: operand };
    case "range": {
      const s = str();
      return s === undefined ? undefined : { op: "semver", range: s };
    }
    case "time": {
      const s = operand instanceof Date ? operand.toISOString() : str();
      return s === undefined ? undefined : { op: op as "before", time: s };
    }
    case "boolean":
      if (typeof operand !== "boolean") return void r.unexpected(path, "true or false");
      return { op: "exists", value: operand };
    default:
      r.error("PARSE007", path, `unknown operator \`${op}\``, `use one of: ${ATTR_OPS.join(", ")}`);
      return undefined;
  }
}
