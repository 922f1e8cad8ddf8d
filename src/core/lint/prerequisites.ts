import { suggestKey } from "../didYouMean.js";
import { conditionRules } from "./condition-rule.js";
import { findCycles, showCycle } from "./cycles.js";
import { referencesOf } from "./references.js";
import { defineRule } from "./rule.js";
import { checkFlagValue } from "./values.js";

export const [unknownPrerequisite, unknownPrerequisiteInSegment] = conditionRules(
  "020", "error",
  "A prerequisite (`flag: { key: value }`) names a flag that does not exist.",
  "name an existing flag key (its path under flags/ with \"/\" as \".\")",
  (c, repo, report, ctx) => {
    if (c.kind === "flag" && !repo.flags.has(c.key) && !ctx.broken?.flags.has(c.key)) report(c.loc, `unknown flag \`${c.key}\` in prerequisite${suggestKey(c.key, repo.flags)}`);
  },
);

export const badPrerequisiteValue = conditionRules(
  "021", "error",
  "A prerequisite expects a value the other flag can never serve (wrong type, or not one of its variations).",
  "expect a value of the prerequisite flag's type that it can serve",
  (c, repo, report) => {
    if (c.kind !== "flag") return;
    const target = repo.flags.get(c.key);
    const p = target && checkFlagValue(target, c.value, true);
    if (p) report(c.loc, `prerequisite expects ${p.message}`);
  },
);

export const prerequisiteCycle = defineRule(
  "FLAG022", "error",
  "Flags depend on each other in a cycle through prerequisites (directly or through segments).",
  "break the cycle: a flag cannot depend, even indirectly, on itself",
  (repo, report, ctx) => {
    const refs = referencesOf(repo, ctx);
    // A flag's dependencies: its own prerequisites plus those of every segment it reaches.
    const segFlags = new Map<string, string[]>();
    const flagsOfSegment = (name: string, path = new Set<string>()): string[] => {
      const known = segFlags.get(name);
      if (known) return known;
      if (path.has(name)) return [];
      path.add(name);
      const out = new Set(refs.segmentToFlags.get(name)?.keys() ?? []);
      for (const s of refs.segmentToSegments.get(name)?.keys() ?? []) for (const f of flagsOfSegment(s, path)) out.add(f);
      path.delete(name);
      const list = [...out];
      segFlags.set(name, list);
      return list;
    };
    const via = new Map<string, Map<string, { loc: typeof repo.project.loc; segment?: string }>>();
    const next = (key: string): string[] => {
      let edges = via.get(key);
      if (!edges) {
        edges = new Map();
        for (const [to, loc] of refs.flagToFlags.get(key) ?? []) edges.set(to, { loc });
        for (const [seg, loc] of refs.flagToSegments.get(key) ?? []) {
          for (const to of flagsOfSegment(seg)) if (!edges.has(to)) edges.set(to, { loc, segment: seg });
        }
        for (const to of edges.keys()) if (!repo.flags.has(to)) edges.delete(to);
        via.set(key, edges);
      }
      return [...edges.keys()];
    };
    for (const cycle of findCycles(repo.flags.keys(), next)) {
      const edge = via.get(cycle[0])!.get(cycle[1])!;
      const through = edge.segment ? ` (via segment \`${edge.segment}\`)` : "";
      report(edge.loc, `prerequisite cycle: ${showCycle(cycle)}${through}`);
    }
  },
);
