// OpenFeature Remote Evaluation Protocol v1: our evaluation results as OFREP responses. Pure: no HTTP here,
// just (release, request body) -> (status, body), so the protocol mapping is testable on its own.
import { createHash } from "node:crypto";
import type { Context, EvalResult, Evaluator, ReasonKind } from "../core/eval/index.js";

/** What the agent serves from: the release running now. */
export interface ServedRelease {
  evaluator: Evaluator;
  version: string;
  seq: number;
  track: string;
}

export interface OfrepResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Our reasons as OpenFeature's standard reasons (the agent's OFREP answers and the OpenFeature provider). */
export const OPENFEATURE_REASON: Record<ReasonKind, string> = {
  STATIC: "STATIC",
  RULE_MATCH: "TARGETING_MATCH",
  SPLIT: "SPLIT",
  DEFAULT: "DEFAULT",
  FALLTHROUGH: "DEFAULT",
  ERROR: "ERROR",
};

/** HTTP status of a failed single evaluation, by OpenFeature error code. */
const ERROR_STATUS: Record<string, number> = {
  FLAG_NOT_FOUND: 404,
  PARSE_ERROR: 400,
  INVALID_CONTEXT: 400,
  TARGETING_KEY_MISSING: 400,
  // A problem of the release itself (a prerequisite cycle, an invalid regex): not the caller's fault.
  GENERAL: 500,
};

export interface ParsedRequest {
  ok: true;
  context: Record<string, unknown>;
}

export type RequestProblem = { ok: false; errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string };

/**
 * The evaluation context of an OFREP request body `{ "context": {...} }`. An empty body is an empty context.
 * `targetingKey` fills `targetingAttr` (flagctl.yaml runtime.targetingKey, default `user`) unless the context
 * sets that attribute itself, exactly as the OpenFeature provider of the SDK does.
 */
export function parseRequest(body: string, targetingAttr: string): ParsedRequest | RequestProblem {
  if (body.trim() === "") return { ok: true, context: {} };
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch (e) {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: `request body is not JSON: ${(e as Error).message}` };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: 'request body must be a JSON object: { "context": { ... } }' };
  }
  const ctx = (v as Record<string, unknown>).context;
  if (ctx === undefined || ctx === null) return { ok: true, context: {} };
  if (typeof ctx !== "object" || Array.isArray(ctx)) {
    return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "context must be a JSON object" };
  }
  const { targetingKey, ...context } = ctx as Record<string, unknown>;
  if (typeof targetingKey === "string" && context[targetingAttr] === undefined) context[targetingAttr] = targetingKey;
  return { ok: true, context };
}

/** One result as an OFREP evaluation success, or failure when evaluation fell back with an error. */
export function ofrepItem(r: EvalResult, release: ServedRelease): Record<string, unknown> {
  if (r.reason.kind === "ERROR") {
    return { key: r.key, errorCode: r.reason.errorCode ?? "GENERAL", errorDetails: r.reason.errorMessage ?? "evaluation failed" };
  }
  return {
    key: r.key,
    value: r.value,
    reason: OPENFEATURE_REASON[r.reason.kind],
    variant: r.variation,
    metadata: { version: release.version, seq: release.seq, track: release.track, flagctlReason: r.reason.kind },
  };
}

/** A single-flag response for a result of `release`. */
export function singleResponse(r: EvalResult, release: ServedRelease): OfrepResponse {
  const body = ofrepItem(r, release);
  if (r.reason.kind !== "ERROR") return { status: 200, body };
  return { status: ERROR_STATUS[r.reason.errorCode ?? "GENERAL"] ?? 500, body };
}

export interface BulkResponse {
  results: EvalResult[];
  /** The serialised body: the ETag is its hash, so it is built once. */
  text: string;
  etag: string;
}

export function evaluateBulk(release: ServedRelease, context: Context): BulkResponse {
  const list = release.evaluator.evaluateList(context);
  const text = JSON.stringify({ flags: list.map((r) => ofrepItem(r, release)) });
  return { results: list, text, etag: etagOf(text) };
}

/** A strong ETag of exactly these bytes: two contexts that get different answers never share one. */
export function etagOf(text: string): string {
  return `"${createHash("sha256").update(text).digest("base64url")}"`;
}

/** If-None-Match (a list of tags, or *) matches `etag`. Weak comparison, as RFC 9110 prescribes for it. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}
