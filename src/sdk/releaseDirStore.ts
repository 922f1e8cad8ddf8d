// A `flagctl build --out` directory served as a read-only store, for local development: the environment's
// pointer is synthesised as "the release in the directory is stable", so rebuilding into the same directory
// is picked up by the next poll like a promotion, through the same verification as a real store.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { StoreError } from "../errors.js";
import type { ObjectStore, StoredObject } from "../store/store.js";

export class ReleaseDirStore implements ObjectStore {
  readonly url: string;

  constructor(readonly dir: string) {
    this.dir = path.resolve(dir);
    this.url = pathToFileURL(this.dir).href;
  }

  async get(key: string, options?: { ifNoneMatch?: string }): Promise<StoredObject | null | "not-modified"> {
    const parts = key.split("/");
    if (parts.length === 3 && parts[0] === "envs" && parts[2] === "pointer.json") {
      const manifest = await this.read("manifest.json");
      if (!manifest) return null;
      const version = versionOf(manifest);
      if (version === null) return blob(manifest); // not a pointer: the loop reports it as garbage
      const body = Buffer.from(
        `${JSON.stringify({ seq: 1, stable: version, candidate: null, percent: 0, updatedAt: new Date(0).toISOString(), by: "release-dir", reason: this.dir })}\n`,
      );
      const b = blob(body);
      return options?.ifNoneMatch === b.etag ? "not-modified" : b;
    }
    if (parts[0] === "releases" && parts.length >= 3 && !parts.some((p) => p === ".." || p === "")) {
      const manifest = await this.read("manifest.json");
      if (!manifest || versionOf(manifest) !== parts[1]) return null;
      const body = await this.read(parts.slice(2).join("/"));
      return body && blob(body);
    }
    return null;
  }

  async put(): Promise<{ etag: string }> {
    throw new StoreError(`${this.url} is a release directory, not a store`, "publish releases with flagctl publish", "E_STORE_READ_ONLY");
  }

  async list(): Promise<string[]> {
    return [];
  }

  private async read(rel: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(path.join(this.dir, ...rel.split("/")));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return null;
      throw new StoreError(`cannot read ${rel} in ${this.dir}: ${code ?? e}`, undefined, "E_STORE_IO");
    }
  }
}

function versionOf(manifest: Buffer): string | null {
  try {
    const v = (JSON.parse(manifest.toString("utf8")) as { version?: unknown }).version;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

function blob(body: Buffer): StoredObject {
  return { body, etag: createHash("sha256").update(body).digest("hex") };
}
