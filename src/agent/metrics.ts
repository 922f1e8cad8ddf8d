// The agent's counters, rendered in the Prometheus text exposition format (version 0.0.4). The format is a few
// lines of text; a client library would add a registry and a dependency for what is a handful of counters.
import type { EvalResult, ReasonKind } from "../core/eval/index.js";

const REASONS: readonly ReasonKind[] = ["STATIC", "RULE_MATCH", "SPLIT", "DEFAULT", "FALLTHROUGH", "ERROR"];
const REASON_INDEX = new Map(REASONS.map((r, i) => [r, i]));

import type { PollOutcome } from "../sdk/fetchLoop.js";

export interface MetricsView {
  env: string;
  host: string;
  state: string;
  release: { version: string; seq: number; track: string } | null;
  source: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
}

export class AgentMetrics {
  /** flag key -> count per reason (index into REASONS). */
  private readonly evaluations = new Map<string, number[]>();
  private readonly requests = new Map<string, number>();
  private readonly polls = new Map<string, number>();
  private unknownFlags = 0;
  switches = 0;
  rejections = 0;

  countEvaluation(r: EvalResult): void {
    let row = this.evaluations.get(r.key);
    if (row === undefined) {
      // Unknown keys are whatever callers send: count them under one label so they cannot grow the series.
      if (r.reason.errorCode === "FLAG_NOT_FOUND") {
        this.unknownFlags++;
        return;
      }
      row = new Array<number>(REASONS.length).fill(0);
      this.evaluations.set(r.key, row);
    }
    row[REASON_INDEX.get(r.reason.kind)!]++;
  }

  countEvaluations(list: readonly EvalResult[]): void {
    for (const r of list) this.countEvaluation(r);
  }

  countRequest(route: string, status: number): void {
    const k = `${route}\0${status}`;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
  }

  countPoll(outcome: PollOutcome): void {
    this.polls.set(outcome, (this.polls.get(outcome) ?? 0) + 1);
  }

  render(view: MetricsView): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [Record<string, string | number> | null, number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) out.push(`${name}${labelText(labels)} ${formatValue(value)}`);
    };
    const evals: [Record<string, string>, number][] = [];
    for (const [flag, row] of [...this.evaluations].sort(([a], [b]) => (a < b ? -1 : 1))) {
      row.forEach((n, i) => n > 0 && evals.push([{ flag, reason: REASONS[i] }, n]));
    }
    metric("flagctl_agent_evaluations_total", "counter", "Flag evaluations served, by flag and flagctl reason.", evals);
    metric("flagctl_agent_unknown_flag_evaluations_total", "counter", "Evaluations of a flag the running release does not define.", [[null, this.unknownFlags]]);
    metric(
      "flagctl_agent_http_requests_total",
      "counter",
      "HTTP requests answered, by route and status code.",
      [...this.requests].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => {
        const [route, code] = k.split("\0");
        return [{ route, code }, n];
      }),
    );
    const outcomes: PollOutcome[] = ["not-modified", "unchanged", "switched", "ignored", "failed"];
    metric("flagctl_agent_polls_total", "counter", "Store polls, by outcome: not-modified (the pointer did not change), unchanged (it changed, not for this host), switched, ignored, failed (store error or refused release).", outcomes.map((o) => [{ outcome: o }, this.polls.get(o) ?? 0]));
    metric("flagctl_agent_release_switches_total", "counter", "Times the running release was replaced.", [[null, this.switches]]);
    metric("flagctl_agent_release_rejections_total", "counter", "Releases refused (bad signature, checksum mismatch, unreadable).", [[null, this.rejections]]);
    metric("flagctl_agent_ready", "gauge", "1 once a release is loaded.", [[null, view.release ? 1 : 0]]);
    metric("flagctl_agent_stale", "gauge", "1 while the store has failed 3 or more polls in a row (the last release is still served).", [[null, view.state === "stale" ? 1 : 0]]);
    metric("flagctl_agent_consecutive_poll_failures", "gauge", "Polls failed in a row.", [[null, view.consecutiveFailures]]);
    const last = view.lastSuccessAt ? Date.parse(view.lastSuccessAt) / 1000 : 0;
    metric("flagctl_agent_last_successful_poll_timestamp_seconds", "gauge", "Unix time of the last poll that reached the store (0: none yet).", [[null, last]]);
    metric(
      "flagctl_agent_release_info",
      "gauge",
      "The running release: always 1, labelled with its version, pointer seq, track and where it came from.",
      view.release
        ? [[{ env: view.env, host: view.host, version: view.release.version, seq: view.release.seq, track: view.release.track, source: view.source ?? "" }, 1]]
        : [],
    );
    return `${out.join("\n")}\n`;
  }
}

function labelText(labels: Record<string, string | number> | null): string {
  if (!labels) return "";
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${String(v).replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`);
  return `{${parts.join(",")}}`;
}

function formatValue(v: number): string {
  return Number.isFinite(v) ? String(v) : v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN";
}
