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
  constructor(
    /** Stable code, e.g. "E_STORE_UNREACHABLE". */
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends FlagctlError {
  constructor(message: string, hint?: string, code = "E_USAGE") {
    super(code, message, ExitCode.USAGE, hint);
  }
}

/** flagctl.yaml missing or invalid, or the directory is not a config repo. */
export class ProjectError extends FlagctlError {
  constructor(message: string, hint?: string, code = "E_PROJECT") {
    super(code, message, ExitCode.USAGE, hint);
  }
}

/** The user's config or request is refused (invalid release, refused promotion, verification failure). */
export class RefusedError extends FlagctlError {
  constructor(code: string, message: string, hint?: string) {
    super(code, message, ExitCode.FINDINGS, hint);
  }
}

export class StoreError extends FlagctlError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, message, ExitCode.STORE, hint, options);
  }
}

export class GitError extends FlagctlError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super("E_GIT", message, ExitCode.STORE, hint, options);
  }
}

export class ConflictError extends FlagctlError {
  constructor(message: string, hint?: string) {
    super("E_CONFLICT", message, ExitCode.CONFLICT, hint);
  }
}

/** A release failed verification: bad or missing signature, or a file that does not match its manifest. */
export class VerificationError extends RefusedError {
  constructor(code: string, message: string, hint?: string) {
    super(code, message, hint);
  }
}
