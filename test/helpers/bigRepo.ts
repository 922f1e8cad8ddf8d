// Config repos whose command output is far larger than a pipe's buffer (64 KiB), for the output-delivery tests.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROJECT = `project: big
environments: [dev, prod]
context:
  user: string
  country: string
`;

/** `n` flags served differently in dev and prod, one golden test per flag, and a JSONL file of contexts. */
export function bigRepo(n = 700, opts: { broken?: boolean } = {}): { dir: string; contexts: string } {
  const dir = mkdtempSync(join(tmpdir(), "flagctl-big-"));
  writeFileSync(join(dir, "flagctl.yaml"), PROJECT);
  mkdirSync(join(dir, "flags/area"), { recursive: true });
  mkdirSync(join(dir, "tests"));
  const tests: string[] = ["tests:"];
  for (let i = 0; i < n; i++) {
    // broken: every flag names an attribute flagctl.yaml does not declare (an error diagnostic each).
    const attr = opts.broken ? "plann" : "country";
    writeFileSync(
      join(dir, `flags/area/flag-number-${i}.yaml`),
      `description: flag ${i} of a large generated repo, with a description long enough to fill the output
owner: "@acme/team-${i % 7}"
kind: ops
default: false
environments:
  dev: true
  prod:
    rules:
      - name: country rule ${i}
        if: { ${attr}: { in: [C${i}, D${i}] } }
        serve: true
    serve: false
`,
    );
    tests.push(`  - name: flag ${i} is on in dev\n    env: dev\n    context: { user: U${i} }\n    expect: { area.flag-number-${i}: true }`);
  }
  writeFileSync(join(dir, "tests/all.yaml"), `${tests.join("\n")}\n`);
  const contexts = join(dir, "contexts.jsonl");
  writeFileSync(contexts, Array.from({ length: 60 }, (_, i) => JSON.stringify({ user: `U${i}`, country: `C${i}` })).join("\n") + "\n");
  return { dir, contexts };
}
