// Both store backends behind one fixture, so contract tests run identically on file:// and s3://.
// The S3 backend talks to a real s3rver through the conditional-write proxy; each store gets its own prefix.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { FileStore, S3Store, type ObjectStore } from "../../src/store/index.js";
import { startS3Server, type S3TestServer } from "./s3server.js";

export interface Backend {
  name: "file" | "s3";
  /** A new empty store; calling `again()` opens another client on the same store (another "writer"). */
  fresh(): Promise<{ store: ObjectStore; again(): ObjectStore }>;
}

/**
 * Registers beforeAll/afterAll hooks for the file's S3 server and temp dirs; returns both backends and an
 * accessor for the S3 server (valid inside tests).
 */
export function useBackends(): { backends: Backend[]; s3(): S3TestServer } {
  let s3: S3TestServer | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3?.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const backends: Backend[] = [
    {
      name: "file",
      fresh: async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), "flagctl-store-"));
        dirs.push(dir);
        return { store: new FileStore(dir), again: () => new FileStore(dir) };
      },
    },
    {
      name: "s3",
      fresh: async () => {
        const location = { bucket: s3!.bucket, prefix: `t-${randomBytes(4).toString("hex")}/` };
        const open = () => new S3Store(location, s3!.s3Options());
        return { store: open(), again: open };
      },
    },
  ];
  return { backends, s3: () => s3! };
}
