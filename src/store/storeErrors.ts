// Typed failures specific to stores and releases. They subclass the shared classes in src/errors.ts so exit
// codes stay those of SPEC §7: a store that cannot do compare-and-swap is a store failure (3), an attempt to
// change an immutable release is a refusal (1).
import { RefusedError, StoreError } from "../errors.js";

/** The store accepted a write whose condition did not hold: it silently ignores If-Match / If-None-Match. */
export class NoCasError extends StoreError {
  constructor(message: string) {
    super(
      message,
      "use a store that honours conditional writes (AWS S3, file://), or pass --unsafe-no-cas to accept that " +
        "two concurrent promotes/rollouts may silently overwrite each other",
      "E_STORE_NO_CAS",
    );
  }
}

/** A release version already in the store has different bytes: releases are immutable. */
export class ReleaseExistsError extends RefusedError {
  constructor(message: string) {
    super(
      message,
      "releases are immutable; build from a new commit to get a new version",
      "E_RELEASE_EXISTS",
    );
  }
}
