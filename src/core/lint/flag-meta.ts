import type { Flag } from "../model.js";
import { suggestion } from "../didYouMean.js";
import { defineRule } from "./rule.js";

const NEEDS_EXPIRY = new Set(["release", "experiment"]);
const SOON_DAYS = 14;
const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a YYYY-MM-DD calendar date, or undefined when it is not one. */
const days = new Map<string, number | undefined>();
export function parseDay(text: string): number | undefined {
  if (days.has(text)) return days.get(text);
  const ms = parseDayUncached(text);
  if (days.size > 10_000) days.clear();
  days.set(text, ms);
  return ms;
}

function parseDayUncached(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : undefined;
}

const at = (flag: Flag, key: string) => flag.locs[key] ?? flag.loc;

export const unknownEnvironment = defineRule(
  "FLAG001", "error",
  "A flag configures an environment that flagctl.yaml does not list.",
  "add the environment to `environments` in flagctl.yaml, or fix its name",
  (repo, report) => {
    const envs = new Set(repo.project.environments);
    for (const flag of repo.flags.values()) {
      for (const env of Object.keys(flag.environments)) {
        if (!envs.has(env)) report(at(flag, `environments.${env}`), `unknown environment \`${env}\`${suggestion(env, envs)}`);
      }
    }
  },
);

export const missingOwner = defineRule(
  "FLAG002", "error",
  "A flag has no `owner` (the team or person to ask about it).",
  'add `owner: "@team"` to the flag file',
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      if (!flag.owner?.trim()) report(at(flag, "owner"), `flag \`${flag.key}\` has no owner`);
    }
  },
);

export const missingDescription = defineRule(
  "FLAG003", "error",
  "A flag has no `description`.",
  "add `description:` saying what the flag controls",
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      if (!flag.description?.trim()) report(at(flag, "description"), `flag \`${flag.key}\` has no description`);
    }
  },
);

export const missingExpiry = defineRule(
  "FLAG004", "error",
  "A `release` or `experiment` flag has no `expires` date.",
  "add `expires: YYYY-MM-DD`, the date by which the flag will be removed",
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      if (flag.kind && NEEDS_EXPIRY.has(flag.kind) && flag.expires === undefined) {
        report(at(flag, "kind"), `${flag.kind} flag \`${flag.key}\` has no \`expires\` date`);
      }
    }
  },
);

export const invalidExpiry = defineRule(
  "FLAG005", "error",
  "`expires` is not a calendar date written YYYY-MM-DD.",
  "write the date as YYYY-MM-DD, e.g. 2027-03-01",
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      if (flag.expires !== undefined && parseDay(flag.expires) === undefined) {
        report(at(flag, "expires"), `\`expires: ${flag.expires}\` is not a valid YYYY-MM-DD date`);
      }
    }
  },
);

function daysLeft(flag: Flag, today: string): number | undefined {
  const end = flag.expires === undefined ? undefined : parseDay(flag.expires);
  const now = parseDay(today);
  return end === undefined || now === undefined ? undefined : Math.round((end - now) / DAY_MS);
}

export const expired = defineRule(
  "FLAG006", "error",
  "The flag's `expires` date has passed.",
  "remove the flag (and its uses in code), or move `expires` to a new promised date",
  (repo, report, ctx) => {
    for (const flag of repo.flags.values()) {
      const left = daysLeft(flag, ctx.today);
      if (left !== undefined && left < 0) {
        report(at(flag, "expires"), `flag \`${flag.key}\` expired on ${flag.expires} (${-left} day${left === -1 ? "" : "s"} ago)`);
      }
    }
  },
);

export const expiresSoon = defineRule(
  "FLAG007", "warning",
  `The flag's \`expires\` date is within ${SOON_DAYS} days.`,
  "plan the flag's removal, or move `expires` if the date no longer holds",
  (repo, report, ctx) => {
    for (const flag of repo.flags.values()) {
      const left = daysLeft(flag, ctx.today);
      if (left !== undefined && left >= 0 && left <= SOON_DAYS) {
        report(at(flag, "expires"), `flag \`${flag.key}\` expires ${left === 0 ? "today" : `in ${left} day${left === 1 ? "" : "s"}`} (${flag.expires})`);
      }
    }
  },
);
