// The OpenFeature provider through the real OpenFeature server SDK.
// Conformance: the scenarios of the OpenFeature spec's evaluation.feature (open-feature/spec,
// specification/assets/gherkin), with the spec's test flags translated into a flagctl config repo and release.
// The scenarios are restated here as data (flag, getter, default, expectation) and run by a small runner.
// One deliberate translation: flagctl names the variations of boolean, string and number flags by their
// value ("true", "hi", "10"), so the spec's variant names map through VARIANT below; json variations keep
// their declared names ("template").
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OpenFeature, ProviderEvents, type Client as OFClient, type EvaluationDetails, type JsonValue } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlagctlProvider } from "../src/openfeature/index.js";
import { FileStore } from "../src/store/index.js";
import { buildRelease, fileStoreServing, point, publish } from "./helpers/runtimeFixture.js";

const PROJECT = `project: conformance
environments: [prod]
runtime: { targetingKey: email }
context:
  user: string
  email: string
  fn: string
  ln: string
  age: number
  customer: boolean
  host: { type: string, static: true }
`;

const meta = `description: OpenFeature test flag\nowner: "@t"\nkind: ops\n`;
// The spec's test flags that evaluation.feature uses, in flagctl's words.
const FLAGS: Record<string, string> = {
  "flagctl.yaml": PROJECT,
  "flags/boolean-flag.yaml": `${meta}default: true\nenvironments:\n  prod: true\n`,
  "flags/string-flag.yaml": `${meta}type: string\nvariations: [hi, bye]\ndefault: hi\nenvironments:\n  prod: hi\n`,
  "flags/integer-flag.yaml": `${meta}type: number\nvariations: [1, 10]\ndefault: 10\nenvironments:\n  prod: 10\n`,
  "flags/float-flag.yaml": `${meta}type: number\nvariations: [0.1, 0.5]\ndefault: 0.5\nenvironments:\n  prod: 0.5\n`,
  "flags/object-flag.yaml": `${meta}type: json\nvariations:\n  empty: {}\n  template: { showImages: true, title: "Check out these pics!", imagesPerPage: 100 }\ndefault: template\nenvironments:\n  prod: template\n`,
  "flags/context-aware.yaml": `${meta}type: string\nvariations: [INTERNAL, EXTERNAL]\ndefault: EXTERNAL\nenvironments:\n  prod:\n    rules:\n      - if: { customer: false }\n        serve: INTERNAL\n    serve: EXTERNAL\n`,
  "flags/wrong-flag.yaml": `${meta}type: string\nvariations: [uno, dos]\ndefault: uno\nenvironments:\n  prod: uno\n`,
  "flags/staff-only.yaml": `${meta}default: false\nenvironments:\n  prod:\n    rules:\n      - if: { email: { endsWith: "@acme.com" } }\n        serve: true\n    serve: false\n`,
};
const VARIANT: Record<string, string> = { on: "true", greeting: "hi", ten: "10", half: "0.5", template: "template" };

type Getter = "boolean" | "string" | "number" | "object";
interface Scenario {
  name: string;
  key: string;
  getter: Getter;
  dflt: unknown;
  context?: Record<string, unknown>;
  value?: unknown;
  variant?: string;
  reason?: string;
  errorCode?: string;
}

const TEMPLATE = { showImages: true, title: "Check out these pics!", imagesPerPage: 100 };
const SCENARIOS: Scenario[] = [
  { name: "resolves a boolean value", key: "boolean-flag", getter: "boolean", dflt: false, value: true, variant: "on", reason: "STATIC" },
  { name: "resolves a string value", key: "string-flag", getter: "string", dflt: "bye", value: "hi", variant: "greeting", reason: "STATIC" },
  { name: "resolves an integer value", key: "integer-flag", getter: "number", dflt: 1, value: 10, variant: "ten", reason: "STATIC" },
  { name: "resolves a float value", key: "float-flag", getter: "number", dflt: 0.1, value: 0.5, variant: "half", reason: "STATIC" },
  { name: "resolves an object value", key: "object-flag", getter: "object", dflt: null, value: TEMPLATE, variant: "template", reason: "STATIC" },
  {
    name: "resolves based on context", key: "context-aware", getter: "string", dflt: "EXTERNAL",
    context: { fn: "Sulisław", ln: "Świętopełk", age: 29, customer: false }, value: "INTERNAL", reason: "TARGETING_MATCH",
  },
  { name: "resolves to the fallthrough with an empty context", key: "context-aware", getter: "string", dflt: "EXTERNAL", context: {}, value: "EXTERNAL", reason: "DEFAULT" },
  { name: "flag not found", key: "missing-flag", getter: "string", dflt: "uh-oh", value: "uh-oh", reason: "ERROR", errorCode: "FLAG_NOT_FOUND" },
  { name: "type error", key: "wrong-flag", getter: "number", dflt: 13, value: 13, reason: "ERROR", errorCode: "TYPE_MISMATCH" },
];

let provider: FlagctlProvider;
let of: OFClient;
let version: string;
beforeAll(async () => {
  const { store, rel } = await fileStoreServing(FLAGS);
  version = rel.version;
  provider = new FlagctlProvider({ store, env: "prod", host: "web-1", poll: 3_600_000 });
  await OpenFeature.setProviderAndWait(provider);
  of = OpenFeature.getClient();
});
afterAll(async () => {
  await OpenFeature.close();
});

function details(s: Scenario): Promise<EvaluationDetails<unknown>> {
  const ctx = s.context ?? {};
  switch (s.getter) {
    case "boolean":
      return of.getBooleanDetails(s.key, s.dflt as boolean, ctx);
    case "string":
      return of.getStringDetails(s.key, s.dflt as string, ctx);
    case "number":
      return of.getNumberDetails(s.key, s.dflt as number, ctx);
    case "object":
      return of.getObjectDetails(s.key, s.dflt as JsonValue, ctx);
  }
}

describe("OpenFeature evaluation.feature scenarios", () => {
  it.each(SCENARIOS)("$name", async (s) => {
    const d = await details(s);
    expect(d.value).toEqual(s.value);
    if (s.variant) expect(d.variant).toBe(VARIANT[s.variant]);
    if (s.reason) expect(d.reason).toBe(s.reason);
    if (s.errorCode) expect(d.errorCode).toBe(s.errorCode);
    else expect(d.errorCode).toBeUndefined();
  });

  it("the plain getters give the same values", async () => {
    expect(await of.getBooleanValue("boolean-flag", false)).toBe(true);
    expect(await of.getStringValue("string-flag", "bye")).toBe("hi");
    expect(await of.getNumberValue("integer-flag", 1)).toBe(10);
    expect(await of.getNumberValue("float-flag", 0.1)).toBe(0.5);
    expect(await of.getObjectValue("object-flag", {})).toEqual(TEMPLATE);
  });
});

describe("FlagctlProvider", () => {
  it("carries version, seq, track, env and flagctl's reason in flagMetadata", async () => {
    const d = await of.getBooleanDetails("boolean-flag", false);
    expect(d.flagMetadata).toEqual({ version, seq: 1, track: "stable", env: "prod", flagctlReason: "STATIC" });
  });

  it("fills runtime.targetingKey's attribute (here email) from targetingKey, unless the context sets it", async () => {
    expect(await of.getBooleanValue("staff-only", false, { targetingKey: "ann@acme.com" })).toBe(true);
    expect(await of.getBooleanValue("staff-only", false, { targetingKey: "ann@acme.com", email: "bob@else.org" })).toBe(false);
    expect((await of.getBooleanDetails("staff-only", false, { targetingKey: "x@acme.com" })).reason).toBe("TARGETING_MATCH");
  });

  it("emits CONFIGURATION_CHANGED with flagsChanged when a new release loads, and ERROR when one is refused", async () => {
    const store = new FileStore(mkdtempSync(path.join(os.tmpdir(), "flagctl-of-")));
    const a = buildRelease(FLAGS, 1);
    const b = buildRelease({ ...FLAGS, "flags/boolean-flag.yaml": `${meta}default: true\nenvironments:\n  prod: false\n` }, 2);
    await publish(store, a);
    await publish(store, b);
    await point(store, "prod", { stable: a.version });
    const p = new FlagctlProvider({ store, env: "prod", host: "web-1", poll: 3_600_000 });
    await OpenFeature.setProviderAndWait("changes", p);
    const client = OpenFeature.getClient("changes");
    const seen: { type: string; flagsChanged?: string[]; message?: string }[] = [];
    for (const type of [ProviderEvents.ConfigurationChanged, ProviderEvents.Error, ProviderEvents.Ready]) {
      client.addHandler(type, (e) => seen.push({ type, flagsChanged: e?.flagsChanged, message: e?.message }));
    }
    seen.length = 0; // addHandler runs READY at once for a ready provider
    await point(store, "prod", { stable: b.version });
    await p.client.loop.pollNow();
    expect(await client.getBooleanValue("boolean-flag", true)).toBe(false);
    await point(store, "prod", { stable: "v20990101.000000-0000000" });
    await p.client.loop.pollNow();
    await new Promise((r) => setImmediate(r));
    expect(seen.map((e) => e.type)).toEqual([ProviderEvents.ConfigurationChanged, ProviderEvents.Error]);
    expect(seen[0].flagsChanged).toEqual(["boolean-flag"]);
    expect(seen[1].message).toMatch(/refused release v20990101/);
    expect(await client.getBooleanValue("boolean-flag", true)).toBe(false);
  });

  it("without a release: initialize fails, and evaluations give the default with an error code, never a throw", async () => {
    const store = new FileStore(mkdtempSync(path.join(os.tmpdir(), "flagctl-of-")));
    const p = new FlagctlProvider({ store, env: "prod", host: "web-1", poll: 3_600_000, initTimeout: 200 });
    await expect(OpenFeature.setProviderAndWait("empty", p)).rejects.toThrow(/no release of prod loaded/);
    const client = OpenFeature.getClient("empty");
    const d = await client.getBooleanDetails("boolean-flag", true);
    expect(d.value).toBe(true);
    expect(d.errorCode).toBe("PROVIDER_NOT_READY");
  });
});
