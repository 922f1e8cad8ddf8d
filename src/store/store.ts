// The narrow interface every store backend (file://, s3://) implements. Keys are relative to the store root
// and use "/" (e.g. "envs/prod/pointer.json"). Higher-level operations (publish, pointer CAS, history) live in
// their own files and only use this interface, so they behave identically on every backend.

export interface StoredObject {
  body: Buffer;
  /** Opaque version tag; changes whenever the bytes change. */
  etag: string;
}

export interface PutCondition {
  /** Write only if the current object's etag is this one (compare-and-swap). */
  ifMatch?: string;
  /** "*": write only if no object exists at the key (create-only). */
  ifNoneMatch?: "*";
}

export interface ObjectStore {
  /** The store URL, for messages: "file:///tmp/store" or "s3://bucket/prefix". */
  readonly url: string;
  /** null when the key does not exist. With ifNoneMatch equal to the current etag: "not-modified". */
  get(key: string, options?: { ifNoneMatch?: string }): Promise<StoredObject | null | "not-modified">;
  /**
   * Write the whole object atomically: readers see the old bytes or the new, never a mix.
   * Throws ConflictError when a condition does not hold.
   */
  put(key: string, body: Buffer, condition?: PutCondition): Promise<{ etag: string }>;
  /** Every key under the prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Releases sockets and other handles (long-running readers such as the SDK call it on close). */
  close?(): void;
}
