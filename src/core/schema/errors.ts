import type { ErrorObject } from "ajv/dist/2020.js";
import { diag, type Diagnostic } from "../diagnostic.js";
import type { PathSegment, YamlDoc } from "../yaml/doc.js";
import { SCHEMA_CODES as C } from "./codes.js";
import { didYouMean } from "../didYouMean.js";

interface SchemaNode {
  title?: string;
  description?: string;
  properties?: Record<string, unknown>;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "a boolean",
  object: "a mapping",
  array: "a list",
  null: "a value",
};

/** Turns ajv's errors into one readable, located diagnostic per real problem. */
export function ajvErrorsToDiagnostics(errors: readonly ErrorObject[], doc: YamlDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // A misspelt required key shows up twice (unknown `serv`, missing `serve`); keep only the first.
  const suggested = new Set<string>();
  const push = (d: Diagnostic, dedupeKey: string) => {
    if (seen.has(dedupeKey)) return;
    seen.add(dedupeKey);
    out.push(d);
  };

  const ordered = [...errors].sort((a, b) => rank(a.keyword) - rank(b.keyword));
  for (const e of ordered) {
    const path = decodePointer(e.instancePath);
    const parent = (e.parentSchema ?? {}) as SchemaNode;
    const where = parent.title ? ` in ${parent.title}` : path.length ? ` in \`${path.join(".")}\`` : "";
    const field = fieldName(path);
    const hint = parent.description;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "if":
        continue; // the failing branch's own errors say what is wrong
      case "additionalProperties": {
        const key = String(p.additionalProperty);
        const allowed = Object.keys(parent.properties ?? {});
        const guess = didYouMean(key, allowed);
        if (guess) suggested.add(`${e.instancePath}|${guess}`);
        const msg = `unknown key \`${key}\`${where}${guess ? ` (did you mean \`${guess}\`?)` : ""}`;
        const fix = guess ? `rename \`${key}\` to \`${guess}\`` : allowed.length ? `allowed keys: ${allowed.join(", ")}` : `remove \`${key}\``;
        push(diag(C.UNKNOWN_KEY, "error", doc.locate([...path, key], "key"), msg, fix), `${C.UNKNOWN_KEY}|${e.instancePath}|${key}`);
        break;
      }
      case "required": {
        const key = String(p.missingProperty);
        if (suggested.has(`${e.instancePath}|${key}`)) continue;
        const desc = (parent.properties?.[key] as SchemaNode | undefined)?.description;
        push(
          diag(C.MISSING_KEY, "error", doc.locate(path, "key"), `missing required key \`${key}\`${where}`, desc ? `add \`${key}:\` — ${desc}` : `add \`${key}:\``),
          `${C.MISSING_KEY}|${e.instancePath}|${key}`,
        );
        break;
      }
      case "type": {
        const want = (Array.isArray(p.type) ? p.type : String(p.type).split(",")).map((t: string) => TYPE_NAMES[t] ?? t);
        const msg = `${field ? `\`${field}\`: ` : ""}expected ${orList(want)}, got ${describe(e.data)}`;
        // A list where an attribute test wants a value is nearly always a membership test written wrong.
        const listForAttr = Array.isArray(e.data) && parent.title === "attribute value";
        const attr = path[path.length - 1];
        const fix = listForAttr ? `to test membership write \`${attr}: { in: [...] }\`` : hint;
        push(diag(C.WRONG_TYPE, "error", doc.locate(path), msg, fix), `${C.WRONG_TYPE}|${e.instancePath}`);
        break;
      }
      case "enum":
      case "const": {
        const allowed = (e.keyword === "enum" ? (p.allowedValues as unknown[]) : [p.allowedValue]).map((v) => String(v));
        const guess = typeof e.data === "string" ? didYouMean(e.data, allowed) : undefined;
        const msg = `${field ? `\`${field}\`: ` : ""}${show(e.data)} is not allowed; expected one of: ${allowed.join(", ")}${guess ? ` (did you mean \`${guess}\`?)` : ""}`;
        push(diag(C.NOT_ALLOWED_VALUE, "error", doc.locate(path), msg, hint), `${C.NOT_ALLOWED_VALUE}|${e.instancePath}`);
        break;
      }
      case "format":
      case "pattern": {
        const what = e.keyword === "format" ? formatName(String(p.format)) : `value for \`${field || "this key"}\``;
        push(diag(C.BAD_FORMAT, "error", doc.locate(path), `${show(e.data)} is not a valid ${what}`, hint), `${C.BAD_FORMAT}|${e.instancePath}`);
        break;
      }
      case "minItems":
      case "minProperties":
      case "minLength": {
        const n = Number(p.limit);
        const noun = e.keyword === "minItems" ? "item" : e.keyword === "minProperties" ? "entry" : "character";
        const msg = n <= 1 ? `${field ? `\`${field}\`` : "this value"} must not be empty` : `${field ? `\`${field}\`` : "this value"} needs at least ${n} ${noun}s`;
        push(diag(C.EMPTY, "error", doc.locate(path), msg, hint), `${C.EMPTY}|${e.instancePath}`);
        break;
      }
      case "maxItems":
      case "maxProperties":
      case "maxLength": {
        const msg = `${field ? `\`${field}\`` : "this value"} has too many ${e.keyword === "maxLength" ? "characters" : "entries"} (at most ${p.limit})`;
        push(diag(C.TOO_MANY, "error", doc.locate(path), msg, hint), `${C.TOO_MANY}|${e.instancePath}`);
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        const msg = `${field ? `\`${field}\`: ` : ""}${show(e.data)} is out of range (must be ${p.comparison} ${p.limit})`;
        push(diag(C.OUT_OF_RANGE, "error", doc.locate(path), msg, hint), `${C.OUT_OF_RANGE}|${e.instancePath}`);
        break;
      }
      case "uniqueItems": {
        const i = Math.max(Number(p.i), Number(p.j));
        const msg = `${field ? `\`${field}\`` : "list"} has a duplicate item ${show(Array.isArray(e.data) ? e.data[i] : undefined)}`;
        push(diag(C.DUPLICATE_ITEM, "error", doc.locate([...path, i]), msg, "remove the repeated item"), `${C.DUPLICATE_ITEM}|${e.instancePath}`);
        break;
      }
      case "false schema":
        push(diag(C.UNKNOWN_KEY, "error", doc.locate(path, "key"), `\`${field}\` is not allowed here`, "remove it"), `${C.UNKNOWN_KEY}|${e.instancePath}`);
        break;
      default:
        push(diag(C.OTHER, "error", doc.locate(path), `${field ? `\`${field}\` ` : ""}${e.message ?? "is invalid"}`, hint), `${C.OTHER}|${e.instancePath}|${e.keyword}`);
    }
  }
  return out;
}

// additionalProperties before required, so a typo suppresses the matching "missing" report.
function rank(keyword: string): number {
  return keyword === "additionalProperties" ? 0 : 1;
}

function decodePointer(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** A readable name for the key at the end of a path: `environments.prod.rules[0].serve`. */
function fieldName(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) out += /^\d+$/.test(String(seg)) ? `[${seg}]` : out ? `.${seg}` : String(seg);
  return out;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${TYPE_NAMES[typeof v] ?? typeof v} (${show(v)})`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function formatName(format: string): string {
  return format === "date" ? "date (YYYY-MM-DD)" : format === "date-time" ? "ISO 8601 time" : format;
}
