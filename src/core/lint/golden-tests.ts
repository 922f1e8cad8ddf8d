import type { GoldenTest } from "../model.js";
import { suggestKey, suggestion } from "../didYouMean.js";
import { defineRule } from "./rule.js";
import { checkFlagValue, checkRolloutKey } from "./values.js";

const label = (t: GoldenTest) => `test \`${t.name}\``;
const at = (t: GoldenTest, key: string) => t.locs?.[key] ?? t.loc;

export const testUnknownEnv = defineRule(
  "TEST001", "error",
  "A golden test runs in an environment flagctl.yaml does not list.",
  "set `env:` to one of the project's environments",
  (repo, report) => {
    const envs = repo.project.environments;
    for (const t of repo.tests) if (!envs.includes(t.env)) report(at(t, "env"), `${label(t)}: unknown environment \`${t.env}\`${suggestion(t.env, envs)}`);
  },
);

export const testUnknownFlag = defineRule(
  "TEST002", "error",
  "A golden test expects a value of (or samples) a flag that does not exist.",
  "name an existing flag key",
  (repo, report, ctx) => {
    for (const t of repo.tests) {
      const keys = t.kind === "exact" ? Object.keys(t.expect).map((k) => [k, `expect.${k}`]) : [[t.flag, "flag"]];
      for (const [k, where] of keys) if (!repo.flags.has(k) && !ctx.broken?.flags.has(k)) report(at(t, where), `${label(t)}: unknown flag \`${k}\`${suggestKey(k, repo.flags)}`);
    }
  },
);

export const testUnknownAttribute = defineRule(
  "TEST003", "error",
  "A golden test's `context`, `static` or `population.vary` names an attribute flagctl.yaml does not declare.",
  "use declared context attributes, or declare the attribute under `context`",
  (repo, report) => {
    const ctx = repo.project.context;
    const names = Object.keys(ctx);
    for (const t of repo.tests) {
      const used = [
        ...Object.keys(t.context).map((a) => [a, `context.${a}`]),
        ...Object.keys(t.static).map((a) => [a, `static.${a}`]),
        ...(t.kind === "population" ? [[t.population.vary, "vary"]] : []),
      ];
      for (const [a, where] of used) if (!Object.hasOwn(ctx, a)) report(at(t, where), `${label(t)}: unknown context attribute \`${a}\`${suggestion(a, names)}`);
    }
  },
);

export const testBadExpectation = defineRule(
  "TEST004", "error",
  "A golden test expects a value the flag can never serve (wrong type, not a variation), or a population share that is not a variation or exceeds 100%.",
  "expect a value of the flag's type among its variations (json flags: a variation name or value)",
  (repo, report) => {
    for (const t of repo.tests) {
      if (t.kind === "exact") {
        for (const [key, value] of Object.entries(t.expect)) {
          const flag = repo.flags.get(key);
          const p = flag && checkFlagValue(flag, value, true);
          if (p) report(at(t, `expect.${key}`), `${label(t)}: expects ${p.message}`);
        }
        continue;
      }
      const flag = repo.flags.get(t.flag);
      if (!flag) continue;
      let total = 0;
      for (const [variation, share] of Object.entries(t.share)) {
        const p = checkRolloutKey(flag, variation);
        if (p) report(at(t, `share.${variation}`), `${label(t)}: share of ${p.message}`);
        if (!Number.isFinite(share) || share < 0) report(at(t, `share.${variation}`), `${label(t)}: share of \`${variation}\` is not a percentage`);
        else total += share;
      }
      if (total > 100) report(t.loc, `${label(t)}: expected shares add up to ${total}%, more than 100`);
    }
  },
);
