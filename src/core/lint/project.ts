import { suggestion } from "../didYouMean.js";
import { defineRule } from "./rule.js";

export const pipelineUnknownEnv = defineRule(
  "PROJ001", "error",
  "`pipeline` names an environment that `environments` does not list.",
  "list the environment under `environments`, or fix its name in `pipeline`",
  (repo, report) => {
    const p = repo.project;
    p.pipeline.forEach((env, i) => {
      if (!p.environments.includes(env)) report(p.locs?.[`pipeline.${i}`] ?? p.loc, `pipeline names unknown environment \`${env}\`${suggestion(env, p.environments)}`);
    });
  },
);

export const rolloutUnknownEnv = defineRule(
  "PROJ002", "error",
  "`rollout` configures an environment that `environments` does not list.",
  "list the environment under `environments`, or fix its name under `rollout`",
  (repo, report) => {
    const p = repo.project;
    for (const [env, policy] of Object.entries(p.rollout)) {
      if (!p.environments.includes(env)) report(policy.loc, `rollout for unknown environment \`${env}\`${suggestion(env, p.environments)}`);
    }
  },
);

export const badRolloutSteps = defineRule(
  "PROJ003", "error",
  "Rollout `steps` are not strictly ascending percentages in (0, 100] ending at 100.",
  "list ascending percentages ending at 100, e.g. [1, 10, 50, 100]",
  (repo, report) => {
    for (const [env, policy] of Object.entries(repo.project.rollout)) {
      const s = policy.steps;
      const bad = s.findIndex((x, i) => !(x > 0 && x <= 100) || (i > 0 && x <= s[i - 1]));
      if (s.length === 0) report(policy.loc, `rollout for \`${env}\` has no steps`);
      else if (bad >= 0) report(policy.loc, `rollout steps for \`${env}\` must ascend within (0, 100]: ${s.join(", ")} (step ${bad + 1} is ${s[bad]})`);
      else if (s[s.length - 1] !== 100) report(policy.loc, `rollout steps for \`${env}\` end at ${s[s.length - 1]}, not 100`);
    }
  },
);

export const badTargetingKey = defineRule(
  "PROJ005", "error",
  "`runtime.targetingKey` does not name a request attribute declared under `context` as a string.",
  "name a string attribute under `context` that is not static, e.g. `targetingKey: user`",
  (repo, report) => {
    const p = repo.project;
    const name = p.targetingKey;
    if (name === undefined) return;
    const decl = Object.hasOwn(p.context, name) ? p.context[name] : undefined;
    const why = !decl ? `is not declared under \`context\`${suggestion(name, Object.keys(p.context))}` : decl.static ? "is a static attribute" : decl.type !== "string" ? `is a ${decl.type} attribute, not a string` : undefined;
    if (why) report(p.locs?.["runtime.targetingKey"] ?? p.loc, `runtime.targetingKey \`${name}\` ${why}`);
  },
);

export const duplicateEnv = defineRule(
  "PROJ004", "error",
  "`environments` or `pipeline` lists the same environment twice.",
  "list each environment once",
  (repo, report) => {
    const p = repo.project;
    for (const [key, list] of [["environments", p.environments], ["pipeline", p.pipeline]] as const) {
      list.forEach((e, i) => {
        if (list.indexOf(e) !== i) report(p.locs?.[`${key}.${i}`] ?? p.loc, `\`${key}\` lists \`${e}\` more than once`);
      });
    }
  },
);

export const gatesUnknownEnv = defineRule(
  "PROJ009", "error",
  "`gates` configures an environment that `environments` does not list.",
  "list the environment under `environments`, or fix its name under `gates`",
  (repo, report) => {
    const p = repo.project;
    for (const [env, gates] of Object.entries(p.gates ?? {})) {
      if (!p.environments.includes(env)) report(gates[0]?.loc ?? p.loc, `gates for unknown environment \`${env}\`${suggestion(env, p.environments)}`);
    }
  },
);

export const absoluteCodePath = defineRule(
  "PROJ006", "warning",
  "A `code:` path is absolute, so the config repo's hygiene checks work on one machine only.",
  "write the code directory relative to flagctl.yaml, e.g. ../web-app",
  (repo, report) => {
    const p = repo.project;
    p.code.forEach((path, i) => {
      if (/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path)) report(p.locs?.[`code.${i}`] ?? p.loc, `\`code\` names the absolute path \`${path}\``);
    });
  },
);
