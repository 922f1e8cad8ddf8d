// subModel (used when a population test varies a static attribute) must evaluate exactly like the full model.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRepo, specialise, subModel } from "../src/core/index.js";
import { loadRepo } from "./helpers/tempRepo.js";

const repo = loadRepo(resolve(import.meta.dirname, ".."));
const models = compileRepo(repo);
const now = () => Date.parse("2026-11-21T12:00:00Z");
const contexts = [
  {},
  { user: "U024BE7LD", team: "T024BE7LD", email: "a@acme.com", plan: "enterprise", orgSize: 2000 },
  { user: "U04CD8EF5", country: "DE", plan: "free", orgSize: 3, platform: "web", appVersion: "4.2.0", beta: true },
];

describe("subModel", () => {
  it("keeps a flag's prerequisites (also through segments) and evaluates like the whole model", () => {
    const sub = subModel(models.prod, "billing.usage-based-pricing");
    expect(Object.keys(sub.flags).sort()).toEqual(["billing.invoice-pdf-v2", "billing.usage-based-pricing"]);
    for (const env of repo.project.environments) {
      for (const host of ["web-12", "web-canary-3", "admin-2"]) {
        const statics = { host, region: "eu-west-1" };
        const full = specialise(models[env], statics, { now });
        for (const key of full.keys) {
          const part = specialise(subModel(models[env], key), statics, { now });
          for (const ctx of contexts) expect(part.evaluate(key, ctx), `${env} ${key}`).toEqual(full.evaluate(key, ctx));
        }
      }
    }
  });
});
