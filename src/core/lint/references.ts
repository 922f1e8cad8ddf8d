import type { Loc, Repo } from "../model.js";
import type { LintRun } from "./types.js";
import { forEachRuleCondition, walkCondition } from "./walk.js";

/** Who names which segment and which flag, with where; built once per lint run and shared by several rules. */
export interface References {
  /** segment name -> (referenced segment -> loc of the first reference) */
  segmentToSegments: Map<string, Map<string, Loc>>;
  segmentToFlags: Map<string, Map<string, Loc>>;
  flagToSegments: Map<string, Map<string, Loc>>;
  flagToFlags: Map<string, Map<string, Loc>>;
  /** Every segment name referenced anywhere (flags or segments other than itself). */
  usedSegments: Set<string>;
}

export const referencesOf = (repo: Repo, ctx: LintRun): References => ctx.memo("references", () => collect(repo));

function collect(repo: Repo): References {
  const r: References = {
    segmentToSegments: new Map(),
    segmentToFlags: new Map(),
    flagToSegments: new Map(),
    flagToFlags: new Map(),
    usedSegments: new Set(),
  };
  const add = (m: Map<string, Map<string, Loc>>, from: string, to: string, loc: Loc) => {
    let inner = m.get(from);
    if (!inner) m.set(from, (inner = new Map()));
    if (!inner.has(to)) inner.set(to, loc);
  };
  for (const flag of repo.flags.values()) {
    forEachRuleCondition(flag, (cond) =>
      walkCondition(cond, (c) => {
        if (c.kind === "segment") for (const n of c.names) (add(r.flagToSegments, flag.key, n, c.loc), r.usedSegments.add(n));
        else if (c.kind === "flag") add(r.flagToFlags, flag.key, c.key, c.loc);
      }),
    );
  }
  for (const seg of repo.segments.values()) {
    walkCondition(seg.if, (c) => {
      if (c.kind === "segment") {
        for (const n of c.names) {
          add(r.segmentToSegments, seg.name, n, c.loc);
          if (n !== seg.name) r.usedSegments.add(n);
        }
      } else if (c.kind === "flag") add(r.segmentToFlags, seg.name, c.key, c.loc);
    });
  }
  return r;
}
