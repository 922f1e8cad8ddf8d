// Semantic lint: what the JSON Schemas cannot see. Every rule has a stable code documented in docs/rules.md.
import { sortDiagnostics, type Diagnostic } from "../diagnostic.js";
import type { Repo } from "../model.js";
import { enumValue, operandType, operatorForType, unknownAttribute } from "./attributes.js";
import {
  expired, expiresSoon, invalidExpiry, missingDescription, missingExpiry, missingOwner, unknownEnvironment,
} from "./flag-meta.js";
import { testBadExpectation, testUnknownAttribute, testUnknownEnv, testUnknownFlag } from "./golden-tests.js";
import { failsSchema, invalidSchema, schemaWarning } from "./json-schema.js";
import { invalidGlob, invalidRegex, invalidSemverRange, invalidTime, unsupportedRegex } from "./literals.js";
import { badPrerequisiteValue, prerequisiteCycle, unknownPrerequisite, unknownPrerequisiteInSegment } from "./prerequisites.js";
import { badCheck } from "./checks.js";
import { absoluteCodePath, badRolloutSteps, badTargetingKey, duplicateEnv, gatesUnknownEnv, pipelineUnknownEnv, rolloutUnknownEnv } from "./project.js";
import { deadFallthrough, duplicateRule, redundantLastRule, unreachableRule } from "./reachability.js";
import { badWeights, unknownRolloutBy } from "./rollouts.js";
import { sharedSalt } from "./salts.js";
import { segmentCycle, unknownSegment, unusedSegment } from "./segments.js";
import { badVariations, notAVariation, wrongValueType } from "./served-values.js";
import type { LintContext, LintRule, LintRun } from "./types.js";

export type { LintContext, LintRule, LintRun } from "./types.js";

/** Every lint rule, in code order. */
export const rules: LintRule[] = [
  unknownEnvironment, missingOwner, missingDescription, missingExpiry, invalidExpiry, expired, expiresSoon,
  badVariations, wrongValueType, notAVariation, badWeights, unknownRolloutBy,
  unreachableRule, duplicateRule, redundantLastRule, deadFallthrough, invalidSchema, failsSchema, schemaWarning, sharedSalt,
  unknownPrerequisite, unknownPrerequisiteInSegment, ...badPrerequisiteValue, prerequisiteCycle, badCheck,
  ...unknownAttribute, ...operatorForType, ...enumValue, ...operandType,
  ...invalidRegex, ...invalidGlob, ...invalidSemverRange, ...invalidTime, ...unknownSegment, ...unsupportedRegex,
  unusedSegment, segmentCycle,
  testUnknownEnv, testUnknownFlag, testUnknownAttribute, testBadExpectation,
  pipelineUnknownEnv, rolloutUnknownEnv, badRolloutSteps, duplicateEnv, absoluteCodePath, gatesUnknownEnv, badTargetingKey,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/**
 * Runs every rule (or the given ones) over a parsed repo. Pure: `today` (YYYY-MM-DD) stands in for the clock.
 * What rules share (the conditions walk, compiled schemas, checked literals) lives in this run's memo only.
 */
export function lintRepo(repo: Repo, ctx: LintContext, registry: readonly LintRule[] = rules): Diagnostic[] {
  const memo = new Map<string, unknown>();
  const run: LintRun = {
    ...ctx,
    rules: registry,
    memo: <T>(key: string, compute: () => T): T => (memo.has(key) ? (memo.get(key) as T) : (memo.set(key, compute()).get(key) as T)),
  };
  return sortDiagnostics(registry.flatMap((rule) => rule.check(repo, run)));
}
