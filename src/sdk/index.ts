// flagctl/sdk: the runtime for Node services.
//
//   createClient(options) -> Client      the SDK (typed synchronous getters, detail, status, events, close)
//   FetchLoop(options)                   the loop the client wraps, shared with `flagctl agent`:
//     .start() .close() .ready() .pollNow()
//     .status   RuntimeStatus (env, host, state, release, source, pointer, lastSuccessAt, lastError, consecutiveFailures)
//     .current  { evaluator, version, seq, track, manifest, model, source } | null  (read once per evaluation)
//     events    ready, changed {from,to,flagsChanged}, stale, recovered, rejected {version,code,reason}, poll, warning
//   createEvaluationBatcher(options)     bounded, de-duplicating exposure-event batcher for onEvaluation
export { FetchLoop, pollDelay } from "./fetchLoop.js";
export type {
  RuntimeOptions,
  RuntimeStatus,
  RuntimeState,
  RuntimeEvents,
  CurrentRelease,
  ChangedEvent,
  RejectedEvent,
  PollOutcome,
} from "./fetchLoop.js";
export { ReleaseDirStore } from "./releaseDirStore.js";
export type { Track } from "../core/release/track.js";
export { Client, createClient } from "./client.js";
export type { ClientOptions, Detail, ErrorCode, EvaluationHook, EvaluationSink } from "./client.js";
export { EvaluationBatcher, createEvaluationBatcher } from "./batcher.js";
export type { BatcherOptions, EvaluationSummary } from "./batcher.js";
