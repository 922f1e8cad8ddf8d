// file://DIR: the embedded store. One file per key under DIR, same layout as S3.
//
// Atomicity: every write goes to a temp file in the key's directory, is fsynced, then renamed over the key
// (rename is atomic within a directory), and the directory is fsynced. Readers see the old bytes or the new,
// never a mix; a crash leaves at most a stray temp file, which list() ignores.
//
// Conditional writes across processes: a put on key K first creates the lock file `.~lock.<name>` next to K
// with O_CREAT|O_EXCL ("wx"), which exactly one process can do; it then checks the condition against the
// bytes on disk, renames the new file into place and removes the lock. Every put (conditional or not) takes
// the lock, so no write can slip between another writer's check and its rename.
//
// Stale locks (a holder that died): the lock file records pid, host and a nonce. It is stale when its holder
// is on this host and its pid is gone, or when it is older than `staleLockMs` (other hosts, unreadable
// content, or a pid reused by an unrelated process). Breaking a stale lock is itself serialised by a
// `.break` file created with "wx", and the breaker removes the lock only if it still holds the content it
// judged stale, so two breakers cannot remove a fresh lock taken in between. A holder only ever holds the
// lock for one small write, so `staleLockMs` is far longer than any legitimate hold.
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConflictError, StoreError, UsageError } from "../errors.js";
import type { ObjectStore, PutCondition, StoredObject } from "./store.js";

/** Names starting with this are the store's own bookkeeping (locks, temp files), never keys. */
const INTERNAL = ".~";
const LOCK = `${INTERNAL}lock.`;
const TMP = `${INTERNAL}tmp.`;

export interface FileStoreOptions {
  /** Give up waiting for a busy key after this long (default 10 s). */
  lockTimeoutMs?: number;
  /** A lock older than this is stale whatever its holder (default 30 s). */
  staleLockMs?: number;
}

export function fileEtag(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

export class FileStore implements ObjectStore {
  readonly url: string;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  /** File identity and etag of the last full read of each path (for conditional reads). */
  private readonly seen = new Map<string, { id: string; etag: string }>();

  constructor(
    /** Absolute directory of the store root. */
    readonly root: string,
    options: FileStoreOptions = {},
  ) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
  }

  async get(key: string, options?: { ifNoneMatch?: string }): Promise<StoredObject | null | "not-modified"> {
    const file = this.pathOf(key);
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, "r");
    } catch (err) {
      if (isCode(err, "ENOENT", "ENOTDIR", "EISDIR")) return null;
      throw this.ioError("read", key, err);
    }
    try {
      // A conditional read answers from the file's identity (inode, mtime, size) when it matches the last full
      // read of this key, without reading the body: a writer always renames a new file into place, so any
      // change gives a new inode. Stat and read go through one handle, so the identity belongs to the bytes.
      const st = await fh.stat();
      const id = `${st.ino}:${Math.floor(st.mtimeMs)}:${st.size}`;
      const seen = this.seen.get(file);
      if (options?.ifNoneMatch !== undefined && seen?.id === id && seen.etag === options.ifNoneMatch) return "not-modified";
      const body = await fh.readFile();
      const etag = fileEtag(body);
      this.seen.set(file, { id, etag });
      if (options?.ifNoneMatch !== undefined && options.ifNoneMatch === etag) return "not-modified";
      return { body, etag };
    } catch (err) {
      if (isCode(err, "EISDIR")) return null;
      throw this.ioError("read", key, err);
    } finally {
      await fh.close();
    }
  }

  async put(key: string, body: Buffer, condition?: PutCondition): Promise<{ etag: string }> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (err) {
      throw this.ioError("create the directory for", key, err);
    }
    const unlock = await this.lock(file, key);
    try {
      if (condition?.ifMatch !== undefined || condition?.ifNoneMatch !== undefined) {
        const current = await this.get(key);
        const etag = current === null || current === "not-modified" ? null : current.etag;
        if (condition.ifNoneMatch === "*" && etag !== null) {
          throw new ConflictError(`${key} already exists in ${this.url}`);
        }
        if (condition.ifMatch !== undefined && etag !== condition.ifMatch) {
          throw new ConflictError(`${key} in ${this.url} changed since it was read`);
        }
      }
      await this.writeAtomic(file, key, body);
    } finally {
      await unlock();
    }
    return { etag: fileEtag(body) };
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest directory the prefix names, not the whole store.
    const slash = prefix.lastIndexOf("/");
    const base = slash < 0 ? "" : prefix.slice(0, slash);
    if (base !== "") this.pathOf(base);
    const keys: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(rel === "" ? this.root : path.join(this.root, ...rel.split("/")), {
          withFileTypes: true,
        });
      } catch (err) {
        if (isCode(err, "ENOENT", "ENOTDIR")) return;
        throw this.ioError("list", rel || "/", err);
      }
      for (const e of entries) {
        if (e.name.startsWith(INTERNAL)) continue;
        const key = rel === "" ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
          if (prefix.startsWith(`${key}/`) || key.startsWith(prefix)) await walk(key);
        } else if (e.isFile() && key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(base);
    return keys.sort();
  }

  private pathOf(key: string): string {
    const segments = key.split("/");
    if (
      key === "" ||
      key.includes("\\") ||
      key.includes("\0") ||
      segments.some((s) => s === "" || s === "." || s === ".." || s.startsWith(INTERNAL))
    ) {
      throw new UsageError(`invalid store key ${JSON.stringify(key)}`);
    }
    return path.join(this.root, ...segments);
  }

  private async writeAtomic(file: string, key: string, body: Buffer): Promise<void> {
    const tmp = path.join(path.dirname(file), `${TMP}${path.basename(file)}.${randomBytes(6).toString("hex")}`);
    await writeFileAtomic(file, tmp, body).catch((err) => {
      throw this.ioError("write", key, err);
    });
  }

  private async lock(file: string, key: string): Promise<() => Promise<void>> {
    const lockPath = path.join(path.dirname(file), LOCK + path.basename(file));
    const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), nonce: randomBytes(8).toString("hex") });
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.writeFile(lockPath, mine, { flag: "wx" });
        return async () => {
          // Remove the lock only if it is still ours (it could have been broken as stale after a long stall).
          const now = await fs.readFile(lockPath, "utf8").catch(() => null);
          if (now === mine) await fs.rm(lockPath, { force: true });
        };
      } catch (err) {
        if (!isCode(err, "EEXIST")) throw this.ioError("lock", key, err);
      }
      await this.breakIfStale(lockPath);
      if (Date.now() > deadline) {
        throw new StoreError(
          `timed out waiting for the lock on ${key} in ${this.url}`,
          `another flagctl is writing it; if none is running, delete ${lockPath}`,
          "E_STORE_LOCKED",
        );
      }
      await sleep(2 + Math.random() * Math.min(100, 2 ** attempt));
    }
  }

  private async breakIfStale(lockPath: string): Promise<void> {
    const seen = await readLock(lockPath);
    if (seen === null || !this.isStale(seen)) return;
    const breaker = `${lockPath}.break`;
    try {
      await fs.writeFile(breaker, String(process.pid), { flag: "wx" });
    } catch {
      // Someone else is breaking it. A breaker that died leaves its file behind; it is stale after the same delay.
      const b = await fs.stat(breaker).catch(() => null);
      if (b && Date.now() - b.mtimeMs > this.staleLockMs) await fs.rm(breaker, { force: true });
      return;
    }
    try {
      const again = await readLock(lockPath);
      if (again !== null && again.content === seen.content && again.mtimeMs === seen.mtimeMs) {
        await fs.rm(lockPath, { force: true });
      }
    } finally {
      await fs.rm(breaker, { force: true });
    }
  }

  private isStale(lock: { content: string; mtimeMs: number }): boolean {
    if (Date.now() - lock.mtimeMs > this.staleLockMs) return true;
    let holder: { pid?: unknown; host?: unknown };
    try {
      holder = JSON.parse(lock.content) as typeof holder;
    } catch {
      return false; // being written right now, or garbage: only age decides
    }
    return holder.host === os.hostname() && typeof holder.pid === "number" && !pidAlive(holder.pid);
  }

  private ioError(what: string, key: string, err: unknown): StoreError {
    const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
    return new StoreError(
      `cannot ${what} ${key} in ${this.url}: ${code}`,
      "check that the directory exists, is writable by this user and the disk is not full",
      "E_STORE_IO",
      { cause: err },
    );
  }
}

async function readLock(lockPath: string): Promise<{ content: string; mtimeMs: number } | null> {
  try {
    const [content, st] = await Promise.all([fs.readFile(lockPath, "utf8"), fs.stat(lockPath)]);
    return { content, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isCode(err, "EPERM");
  }
}

/**
 * Writes `body` to the new file `tmp`, fsyncs it, renames it over `file` (atomic within a directory) and fsyncs
 * the directory: readers see the old bytes or the new, and a crash leaves one or the other.
 */
export async function writeFileAtomic(file: string, tmp: string, body: Buffer | string): Promise<void> {
  try {
    const fh = await fs.open(tmp, "wx");
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  // Makes the rename durable. Some platforms cannot open a directory for fsync; the rename is still atomic.
  const dir = await fs.open(path.dirname(file), "r").catch(() => null);
  await dir?.sync().catch(() => undefined);
  await dir?.close().catch(() => undefined);
}

function isCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes((err as NodeJS.ErrnoException)?.code ?? "");
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
