// The 1,000-flag workload bench/eval.mjs and bench/sdk.mjs measure: 40% kill switches, 30% rollouts, 20% rule
// lists ending in a rollout, 10% team lists, as a repo model (no YAML), drawn from a fixed random sequence so
// every run measures the same flags.

let seed = 0x2545f491;
/** Deterministic random numbers in [0, 1), one sequence per process (xorshift32). */
export const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
export const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const loc = { file: "bench", line: 1, column: 1 };
export const COUNTRIES = ["US", "DE", "FR", "GB", "JP", "BR", "IN", "CN", "RU", "ES", "IT", "NL", "SE", "PL", "CA", "AU", "MX", "KR", "TR", "AR"];
export const PLANS = ["free", "pro", "enterprise"];
export const TEAMS = Array.from({ length: 1000 }, (_, i) => `T${String(i).padStart(8, "0")}`);

const attr = (name, type, extra = {}) => ({ name, type, static: false, loc, ...extra });
const project = {
  file: "flagctl.yaml",
  name: "bench",
  environments: ["prod"],
  pipeline: [],
  rollout: {},
  context: {
    env: attr("env", "string", { static: true }),
    user: attr("user", "string"),
    team: attr("team", "string"),
    country: attr("country", "string"),
    plan: attr("plan", "enum", { values: PLANS }),
    host: attr("host", "string", { static: true }),
  },
  loc,
};
const value = (v) => ({ kind: "value", value: v, loc });
const rollout = (weights) => ({ kind: "rollout", weights: Object.entries(weights).map(([variation, weight]) => ({ variation, weight, loc })), by: "user", loc });
const attrCond = (a, test) => ({ kind: "attr", attr: a, test, loc });

/**
 * The repo, the keys of each class, and per flag what a hand-written baseline needs (`on`, `countries`, `teams`).
 * `variant` shifts which kill switches are on, to make a second release that differs.
 */
export function thousandFlags(variant = 0, count = 1000) {
  const classes = { kill: [], rollout: [], rules: [], team: [] };
  const flags = new Map();
  const spec = {};
  for (let i = 0; i < count; i++) {
    const r = i % 10;
    const cls = r < 4 ? "kill" : r < 7 ? "rollout" : r < 9 ? "rules" : "team";
    const key = `bench.${cls}-${String(i).padStart(4, "0")}`;
    classes[cls].push(key);
    const base = { key, file: `flags/${key}.yaml`, loc, checks: [], locs: {} };
    if (cls === "kill") {
      const on = (i + variant) % 3 === 0;
      spec[key] = { on };
      flags.set(key, { ...base, type: "boolean", default: false, environments: { prod: { kind: "static", serve: value(on), loc } } });
    } else if (cls === "rollout") {
      const env = { kind: "rules", rules: [], fallthrough: rollout({ true: 25, false: 75 }), loc };
      flags.set(key, { ...base, type: "boolean", default: false, environments: { prod: env } });
    } else if (cls === "rules") {
      const countries = Array.from({ length: 5 }, () => pick(COUNTRIES));
      spec[key] = { countries };
      const env = {
        kind: "rules",
        rules: [
          { index: 0, if: attrCond("country", { op: "in", values: countries }), serve: value("regional"), loc },
          { index: 1, name: "enterprise", if: attrCond("plan", { op: "eq", value: "enterprise" }), serve: value("enterprise"), loc },
        ],
        fallthrough: rollout({ a: 50, b: 50 }),
        loc,
      };
      const variations = ["off", "regional", "enterprise", "a", "b"].map((v) => ({ name: v, value: v }));
      flags.set(key, { ...base, type: "string", default: "off", variations, environments: { prod: env } });
    } else {
      const teams = Array.from({ length: 100 }, () => pick(TEAMS));
      spec[key] = { teams };
      const env = { kind: "rules", rules: [{ index: 0, if: attrCond("team", { op: "in", values: teams }), serve: value(true), loc }], fallthrough: value(false), loc };
      flags.set(key, { ...base, type: "boolean", default: false, environments: { prod: env } });
    }
  }
  return { repo: { project, flags, segments: new Map(), tests: [] }, classes, spec };
}
