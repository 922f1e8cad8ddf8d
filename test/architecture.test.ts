// The layers of docs/architecture.md, enforced: what each part of src/ may import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../src");
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(SRC, f));

/** core | app | cli | runtime (sdk, agent, openfeature) | adapter (store, git, repo, release, checks, errors, schemas) | entry */
function layer(file: string): string {
  const top = relative(SRC, file).split(/[\\/]/)[0].replace(/\.ts$/, "");
  if (["core", "app", "cli"].includes(top)) return top;
  if (top === "report") return "cli"; // the HTML report: a presentation of use-case data, like the CLI's reporters
  if (["sdk", "agent", "openfeature"].includes(top)) return "runtime";
  return top === "bin" || top === "index" ? "entry" : "adapter";
}

const allowed: Record<string, string[]> = {
  core: ["core"],
  adapter: ["core", "adapter"],
  app: ["core", "adapter", "app"],
  runtime: ["core", "adapter", "app", "runtime"],
  cli: ["core", "adapter", "app", "cli", "runtime"], // `flagctl agent` runs the runtime
  entry: ["core", "adapter", "app", "cli", "runtime", "entry"],
};

describe("layers", () => {
  it("import only downwards", () => {
    const wrong: string[] = [];
    for (const f of files) {
      for (const [, spec] of readFileSync(f, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
        const target = resolve(dirname(f), spec);
        if (!allowed[layer(f)].includes(layer(target))) wrong.push(`${relative(SRC, f)} (${layer(f)}) imports ${relative(SRC, target)} (${layer(target)})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  // node:crypto is allowed: a sha256 is a pure function of its bytes.
  it("keep the pure core off the process: no node: builtins but crypto, no clock, no output", () => {
    const impure = files
      .filter((f) => layer(f) === "core")
      .filter((f) => /from "node:(?!crypto")|process\.|console\.|new Date\(\)|Date\.now\(\)/.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f));
    expect(impure).toEqual([]);
  });
});
