// How eagerly V8 optimises: a CLI command is mostly start-up, where optimising pays back too late; the golden
// tests of `flagctl test` are a hot loop, where it pays back within the run.
import { setFlagsFromString } from "node:v8";

/**
 * V8 optimises a function with TurboFan once it has run a while (the interrupt budget: 67,584 in Node 20's V8).
 * Most commands are over in well under a second, long before that work pays back, yet on a 2-core machine it
 * took a third of validate's CPU. A 16x budget leaves TurboFan to code that stays hot: on the example repo
 * validate's CPU fell from 520 to 300 ms (4x and 32x did worse), and a 3,000-flag validate was no slower.
 */
const STARTUP_BUDGET = "--interrupt-budget=1081344";
const DEFAULT_BUDGET = "--interrupt-budget=67584";
// The executable and the CLI bundle each have their own copy of this module: the mark is the process's.
const RAISED = Symbol.for("flagctl.startupBudget");
const marks = globalThis as { [RAISED]?: boolean };

/** Set by the executable before the CLI loads. A code cache is written and read under the same flags. */
export function startupTiering(): void {
  setFlagsFromString(STARTUP_BUDGET);
  marks[RAISED] = true;
}

/**
 * Runs `work` under V8's default budget: the example's 220,000 population-test evaluations otherwise run
 * unoptimised (`flagctl test` 329 -> 304 ms on the example). `build` runs the same tests amid work that the
 * default budget slows down, and gained nothing measurable from it. The start-up budget is back before anything
 * else runs, so the code cache written after a command still matches the one the next command reads. Outside the
 * executable (the CLI run in-process) the flags are left alone.
 */
export async function hotLoop<T>(work: () => Promise<T>): Promise<T> {
  if (!marks[RAISED]) return work();
  setFlagsFromString(DEFAULT_BUDGET);
  try {
    return await work();
  } finally {
    setFlagsFromString(STARTUP_BUDGET);
  }
}
