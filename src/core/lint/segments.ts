import { suggestKey } from "../didYouMean.js";
import { conditionRules } from "./condition-rule.js";
import { findCycles, showCycle } from "./cycles.js";
import { referencesOf } from "./references.js";
import { defineRule } from "./rule.js";

export const unknownSegment = conditionRules(
  "038", "error",
  "A condition names a segment that has no file under segments/.",
  "create segments/<name>.yaml or fix the name",
  (c, repo, report, ctx) => {
    if (c.kind !== "segment") return;
    for (const n of c.names) if (!repo.segments.has(n) && !ctx.broken?.segments.has(n)) report(c.loc, `unknown segment \`${n}\`${suggestKey(n, repo.segments)}`);
  },
);

export const unusedSegment = defineRule(
  "SEG001", "warning",
  "A segment is not used by any flag or other segment.",
  "use the segment in a flag rule, or delete its file",
  (repo, report, ctx) => {
    const used = referencesOf(repo, ctx).usedSegments;
    for (const seg of repo.segments.values()) if (!used.has(seg.name)) report(seg.loc, `segment \`${seg.name}\` is not used`);
  },
);

export const segmentCycle = defineRule(
  "SEG002", "error",
  "Segments use each other in a cycle.",
  "break the cycle: a segment cannot include itself, even through other segments",
  (repo, report, ctx) => {
    const edges = referencesOf(repo, ctx).segmentToSegments;
    const next = (n: string) => [...(edges.get(n)?.keys() ?? [])].filter((s) => repo.segments.has(s));
    for (const cycle of findCycles(repo.segments.keys(), next)) {
      report(edges.get(cycle[0])!.get(cycle[1])!, `segment cycle: ${showCycle(cycle)}`);
    }
  },
);
