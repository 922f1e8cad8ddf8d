import { describe, expect, it } from "vitest";
import { canonicalJson, compileEnv, compileRepo, IR_FORMAT, loadEnvModel } from "../src/core/index.js";
import { project, repo } from "./helpers/model.js";

const p = project({ user: "string", country: "string", team: "string", host: { type: "string", static: true }, email: "string" });

function sample() {
  return repo(
    p,
    {
      "checkout.new-flow": {
        default: false,
        environments: {
          dev: true,
          prod: {
            rules: [
              { name: "staff first", if: { segment: "staff" }, serve: true },
              { if: { country: { in: ["CN", "RU"] } }, serve: false },
            ],
            serve: { rollout: { true: 12.5, false: 87.5 }, by: "user" },
          },
        },
      },
      "ui.theme": {
        type: "json",
        default: "small",
        variations: { small: { size: 1 }, large: { size: 2 } },
        environments: { prod: { rules: [], serve: { rollout: { small: 33.333, large: 66.667 }, salt: "theme-v2" } } },
      },
      "search.limit": { type: "number", default: 10, environments: { prod: { rules: [{ if: { host: "web-1" }, serve: 20 }], serve: 10 } } },
    },
    {
      staff: { any: [{ email: { endsWith: "@acme.com" } }, { segment: "contractors" }] },
      contractors: { team: { in: ["T0STAFF01"] } },
      unused: { country: "FR" },
    },
  );
}

describe("compileEnv", () => {
  it("produces a self-contained env model with weights in thousandths", () => {
    const m = compileEnv(sample(), "prod");
    expect(m.format).toBe(IR_FORMAT);
    expect(m.env).toBe("prod");
    expect(Object.keys(m.segments)).toEqual(["contractors", "staff"]);
    expect(Object.keys(m.attributes)).toEqual(["country", "email", "env", "host", "team", "user"]);
    expect(m.attributes.host).toEqual({ type: "string", static: true });
    const f = m.flags["checkout.new-flow"];
    expect(f.salt).toBe("checkout.new-flow");
    expect(f.variations).toEqual([
      { name: "true", value: true },
      { name: "false", value: false },
    ]);
    expect(f.default).toBe(1);
    expect(f.config).toEqual({
      kind: "rules",
      rules: [
        { index: 0, name: "staff first", if: { kind: "segment", names: ["staff"] }, serve: { kind: "value", variation: 0 } },
        { index: 1, if: { kind: "attr", attr: "country", op: "in", values: ["CN", "RU"] }, serve: { kind: "value", variation: 1 } },
      ],
      fallthrough: {
        kind: "rollout",
        by: "user",
        salt: "checkout.new-flow",
        weights: [
          { variation: 0, weight: 12500 },
          { variation: 1, weight: 87500 },
        ],
      },
    });
    const theme = m.flags["ui.theme"];
    expect(theme.variations.map((v) => v.name)).toEqual(["small", "large"]);
    expect(theme.default).toBe(0);
    expect(theme.config).toMatchObject({ fallthrough: { salt: "theme-v2", weights: [{ weight: 33333 }, { weight: 66667 }] } });
    // Strings and numbers without declared variations list default first, then served values.
    expect(m.flags["search.limit"].variations).toEqual([
      { name: "10", value: 10 },
      { name: "20", value: 20 },
    ]);
    expect(JSON.stringify(m)).not.toContain("loc");
  });

  it("leaves out config for envs a flag does not name", () => {
    const m = compileEnv(sample(), "qa");
    expect(m.flags["checkout.new-flow"].config).toBeUndefined();
    expect(m.segments).toEqual({});
  });

  it("is deterministic: the same repo gives byte-identical canonical JSON whatever the insertion order", () => {
    const a = canonicalJson(compileRepo(sample()));
    const r = sample();
    r.flags = new Map([...r.flags].reverse());
    r.segments = new Map([...r.segments].reverse());
    expect(canonicalJson(compileRepo(r))).toBe(a);
    expect(JSON.parse(a)).toEqual(JSON.parse(JSON.stringify(compileRepo(sample()))));
  });

  it("never throws on input lint would reject", () => {
    const bad = repo(p, {
      x: { type: "string", default: "a", variations: ["a", "b"], environments: { prod: { rules: [], serve: { rollout: { c: 50, a: Number.NaN } } } } },
    });
    const m = compileEnv(bad, "prod");
    expect(m.flags.x.variations.map((v) => v.name)).toEqual(["a", "b", "c"]);
    expect(m.flags.x.config).toMatchObject({ fallthrough: { weights: [{ variation: 2, weight: 50000 }, { variation: 0, weight: 0 }] } });
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: [3, { d: 1, c: undefined, b: null }], c: "x" })).toBe('{"a":[3,{"b":null,"d":1}],"b":1,"c":"x"}');
    expect(canonicalJson([undefined, Number.NaN, "é"])).toBe('[null,null,"é"]');
  });
});

describe("loadEnvModel", () => {
  it("accepts what compileEnv writes, after a JSON round trip", () => {
    const text = canonicalJson(compileEnv(sample(), "prod"));
    const r = loadEnvModel(JSON.parse(text));
    expect(r.ok).toBe(true);
  });

  it("refuses other formats and out-of-range references, without throwing", () => {
    const good = JSON.parse(canonicalJson(compileEnv(sample(), "prod")));
    expect(loadEnvModel({ ...good, format: 2 })).toMatchObject({ ok: false, error: expect.stringContaining("format 2") });
    expect(loadEnvModel(null)).toMatchObject({ ok: false });
    expect(loadEnvModel("garbage")).toMatchObject({ ok: false });
    const bad = JSON.parse(JSON.stringify(good));
    bad.flags["checkout.new-flow"].config.rules[0].serve.variation = 7;
    expect(loadEnvModel(bad)).toMatchObject({ ok: false, error: expect.stringContaining("checkout.new-flow") });
    const bad2 = JSON.parse(JSON.stringify(good));
    bad2.segments.staff = { kind: "attr", attr: "x", op: "nope" };
    expect(loadEnvModel(bad2)).toMatchObject({ ok: false, error: expect.stringContaining("staff") });
  });
});

describe("canonicalJson pretty", () => {
  it("indents by two spaces with sorted keys, and parses back to the same value", () => {
    const value = { b: [1, { d: null, c: "x" }], a: {}, e: [] };
    const text = canonicalJson(value, { pretty: true });
    expect(text).toBe('{\n  "a": {},\n  "b": [\n    1,\n    {\n      "c": "x",\n      "d": null\n    }\n  ],\n  "e": []\n}');
    expect(JSON.parse(text)).toEqual(value);
    expect(canonicalJson(value)).toBe('{"a":{},"b":[1,{"c":"x","d":null}],"e":[]}');
  });
});
