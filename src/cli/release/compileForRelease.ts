// The one place `build` meets the loader (checkRepo), the golden-test runner and the engine (compileEnv,
// canonicalJson). NOT WIRED YET: those land from the `load` and `engine` branches. Until then build refuses
// rather than publishing something that was never validated or tested.
import { FlagctlError, ExitCode } from "../../errors.js";
import type { CliIO } from "../io.js";

export interface CompiledForRelease {
  project: string;
  /** Env name -> bytes of envs/<env>.json. */
  envs: Record<string, Buffer>;
}

export async function validateTestAndCompile(_root: string, _io: CliIO, _opts: { skipTests?: boolean } = {}): Promise<CompiledForRelease> {
  throw new FlagctlError(
    "E_NOT_WIRED",
    "build is not wired to validation, golden tests and compilation yet (needs checkRepo and compileEnv)",
    ExitCode.FINDINGS,
    "this flagctl build is incomplete; use a build that includes the loader and engine",
  );
}
