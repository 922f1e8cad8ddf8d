// Typed errors with stable codes. Anything thrown that is not a FlagctlError is a bug and is shown with its stack.

export const ExitCode = {
  OK: 0,
  /** Invalid config, failed tests, refused promotion, differences under --exit-code. */
  FINDINGS: 1,
  /** Bad usage or a missing/invalid flagctl.yaml. */
  USAGE: 2,
  /** Store, git or network failure. */
  STORE: 3,
  /** Lost a compare-and-swap. */
  CONFLICT: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class FlagctlError extends Error {
  // Every subclass takes (message, hint, code, ...) in this order; where the code is required the hint is
  // `string | undefined` so a call still written (code, message) fails to compile.
  constructor(
    message: string,
    readonly hint: string | undefined,
    /** Stable code, e.g. "E_STORE_UNREACHABLE". */
    readonly code: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends FlagctlError {
  constructor(message: string, hint?: string, code = "E_USAGE") {
    super(message, hint, code, ExitCode.USAGE);
  }
}

/** flagctl.yaml missing or invalid, or the directory is not a config repo. */
export class ProjectError extends FlagctlError {
  constructor(message: string, hint?: string, code = "E_PROJECT") {
    super(message, hint, code, ExitCode.USAGE);
  }
}

/** The user's config or request is refused (invalid release, refused promotion, verification failure). */
export class RefusedError extends FlagctlError {
  constructor(message: string, hint: string | undefined, code: string) {
    super(message, hint, code, ExitCode.FINDINGS);
  }
}

export class StoreError extends FlagctlError {
  constructor(message: string, hint: string | undefined, code: string, options?: { cause?: unknown }) {
    super(message, hint, code, ExitCode.STORE, options);
  }
}

export class GitError extends FlagctlError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, "E_GIT", ExitCode.STORE, options);
  }
}

export class ConflictError extends FlagctlError {
  constructor(message: string, hint?: string) {
    super(message, hint, "E_CONFLICT", ExitCode.CONFLICT);
  }
}

/** A release failed verification: bad or missing signature, or a file that does not match its manifest. */
export class VerificationError extends RefusedError {
  constructor(message: string, hint: string | undefined, code: string) {
    super(message, hint, code);
  }
}
