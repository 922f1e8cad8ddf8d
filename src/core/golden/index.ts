export { runGoldenTests, splitAttributes, syntheticUnits, reasonText, type GoldenOptions } from "./golden.js";
export { checkTargets, jsonPointer, type CheckTarget } from "./checkTargets.js";
export * from "./result.js";
