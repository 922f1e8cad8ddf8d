// flagctl/openfeature: an OpenFeature server provider over the flagctl SDK client.
//   OpenFeature.setProviderAndWait(new FlagctlProvider({ store, env, host }))
// initialize() awaits the client's ready(); resolvers map flagctl results to ResolutionDetails (reasons:
// RULE_MATCH -> TARGETING_MATCH, FALLTHROUGH/DEFAULT -> DEFAULT, STATIC, SPLIT, ERROR) with flagMetadata
// { version, seq, track, env, flagctlReason }; the client's events become READY, CONFIGURATION_CHANGED (with
// flagsChanged), STALE and ERROR. The context's targetingKey fills the attribute named by flagctl.yaml's
// runtime.targetingKey (default "user"), carried in each release, when the context does not set it itself.
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type FlagMetadata,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from "@openfeature/server-sdk";
import type { FlagType } from "../core/model.js";
import { OPENFEATURE_REASON } from "../agent/ofrep.js";
import { Client, type ClientOptions, type Detail } from "../sdk/client.js";

export const DEFAULT_TARGETING_KEY = "user";

export class FlagctlProvider implements Provider {
  readonly metadata = { name: "flagctl" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: Client;
  private readonly owned: boolean;
  private initFailed = false;
  private degraded = false;

  /** Takes client options (the provider owns and closes the client) or a client the caller owns. */
  constructor(options: ClientOptions | Client) {
    this.owned = !(options instanceof Client);
    this.client = options instanceof Client ? options : new Client(options);
    const c = this.client;
    c.on("ready", () => {
      if (this.initFailed) this.events.emit(ProviderEvents.Ready);
    });
    c.on("changed", (e) => {
      this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: e.flagsChanged, metadata: { from: e.from, to: e.to } });
      this.heal();
    });
    c.on("stale", (s) => {
      this.degraded = true;
      this.events.emit(ProviderEvents.Stale, { message: `flagctl: ${s.consecutiveFailures} polls failed; serving ${s.release?.version ?? "nothing"}: ${s.lastError?.message ?? ""}` });
    });
    c.on("recovered", () => this.heal());
    c.on("rejected", (e) => {
      this.degraded = true;
      this.events.emit(ProviderEvents.Error, { message: `flagctl refused release ${e.version ?? "(cache)"}: ${e.reason}`, errorCode: ErrorCode.GENERAL });
    });
  }

  async initialize(): Promise<void> {
    if (await this.client.ready()) return;
    this.initFailed = true;
    const s = this.client.status;
    // Not fatal: the client keeps polling, and READY follows once a release loads.
    throw new Error(`flagctl: no release of ${s.env} loaded within initTimeout${s.lastError ? `: ${s.lastError.message}` : ""}`);
  }

  async onClose(): Promise<void> {
    if (this.owned) await this.client.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, "boolean"));
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, "string"));
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, "number"));
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, "json"));
  }

  private heal(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.events.emit(ProviderEvents.Ready);
  }

  private resolve<T>(key: string, fallback: T, context: EvaluationContext, type: FlagType): ResolutionDetails<T> {
    const d = this.client.detail(key, toContext(context, this.client.loop.current?.model.targetingKey ?? DEFAULT_TARGETING_KEY), fallback, type) as Detail<T>;
    const out: ResolutionDetails<T> = { value: d.value, reason: OPENFEATURE_REASON[d.reason] ?? d.reason, flagMetadata: this.metadataFor(d.version, d.reason) };
    if (d.variation !== null) out.variant = d.variation;
    if (d.errorCode !== undefined) {
      out.errorCode = d.errorCode as ErrorCode;
      if (d.errorMessage !== undefined) out.errorMessage = d.errorMessage;
    }
    return out;
  }

  private metadataFor(version: string | null, reason: string): FlagMetadata {
    const m: Record<string, string | number> = { env: this.client.loop.env, flagctlReason: reason };
    const r = this.client.status.release;
    if (version !== null) m.version = version;
    if (r !== null && r.version === version) {
      m.seq = r.seq;
      m.track = r.track;
    }
    return m;
  }
}

/** OpenFeature context -> flagctl context: targetingKey fills `targetingKey` unless set; Dates become ISO text. */
export function toContext(ctx: EvaluationContext, targetingAttr: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx)) {
    if (k === "targetingKey") continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  if (typeof ctx.targetingKey === "string" && out[targetingAttr] === undefined) out[targetingAttr] = ctx.targetingKey;
  return out;
}
