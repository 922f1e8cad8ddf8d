// Stable JSON documents for tools: two-space indented, one trailing newline.
import { describeTransition } from "./release.js";
import { introduced } from "../../app/log.js";
import { evalDocument } from "./eval.js";
import { hostsJson } from "./hosts.js";
import type { Reporter } from "./index.js";
import { refsJson, staleJson } from "./hygiene.js";

const doc = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const json = {
  // Every key is always present (`hint` is null when there is none).
  diagnostics: ({ diagnostics }) =>
    doc(diagnostics.map((d) => ({ code: d.code, severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message, hint: d.hint ?? null }))),
  tests: (s) => doc(s.results),
  eval: (o) => doc(evalDocument(o)),
  diff: doc,
  build: ({ dir, version, parent, written, signed, changedFlags, dirtyFiles }) => doc({ dir, version, parent, written, signed, changedFlags, dirtyFiles: dirtyFiles.map((l) => l.slice(3)) }),
  publish: doc,
  move: doc,
  status: ({ store, now, environments }) => doc({ store, now, environments }),
  log: ({ env, entries, missing, notes }) =>
    doc({
      env,
      missing,
      entries: entries.map(({ entry, before, previousMissing }) => previousMissing ? { ...entry, change: null, previousMissing: true, releases: [] } : ({
        ...entry,
        change: describeTransition(before, entry),
        releases: introduced(before, entry).map((v) => ({ version: v, parent: notes.get(v)?.parent ?? null, changedFlags: notes.get(v)?.changedFlags ?? null })),
      })),
    }),
  codeowners: ({ file, check, plan }) => doc({ file, ...(check ? { upToDate: !plan.changed } : { written: plan.changed }), added: plan.added, removed: plan.removed }),
  init: ({ root, files, gitignore, inGit }) => doc({ root, files, gitignore, inGit }),
  keygen: ({ privateKey, publicKey }) => doc({ privateKey, publicKey }),
  hosts: (r) => doc(hostsJson(r)),
  refs: refsJson,
  stale: staleJson,
} satisfies Reporter;
