// The store options every store-touching command shares (--store, --endpoint, --unsafe-no-cas), and how they
// combine with flagctl.yaml's `store:`. Precedence: --store, then flagctl.yaml. A relative file:// path in
// flagctl.yaml is relative to the repo root; on the command line, to the current directory.
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { openStore } from "../store/openStore.js";
import type { ObjectStore } from "../store/store.js";

export interface StoreCliOptions {
  store?: string;
  endpoint?: string;
  unsafeNoCas?: boolean;
}

/** `writes`: the command writes to the store, so it offers --unsafe-no-cas (readers have no use for it). */
export function addStoreOptions(command: Command, { writes = false }: { writes?: boolean } = {}): Command {
  command
    .option("--store <url>", "store URL: s3://bucket/prefix or file://DIR (default: store: in flagctl.yaml)")
    .option("--endpoint <url>", "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (also FLAGCTL_S3_ENDPOINT)");
  if (writes) {
    command.option("--unsafe-no-cas", "use a store that ignores conditional writes (concurrent pointer changes may overwrite each other)");
  }
  return command;
}

export interface StoreContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** flagctl.yaml's store: value, when a project was loaded (a function: read only when --store is not given). */
  projectStore?: string | (() => string | undefined);
  /** The repo root, for a relative file:// in flagctl.yaml. */
  projectDir?: string;
}

/** The store URL and the directory its relative file:// path is resolved against. */
export function resolveStoreUrl(options: StoreCliOptions, ctx: StoreContext): { url: string; base: string } {
  if (options.store) return { url: options.store, base: ctx.cwd };
  const projectStore = typeof ctx.projectStore === "function" ? ctx.projectStore() : ctx.projectStore;
  if (projectStore) return { url: projectStore, base: ctx.projectDir ?? ctx.cwd };
  throw new UsageError("no store given", "pass --store s3://bucket/prefix or --store file://DIR, or set store: in flagctl.yaml");
}

/** The store --store or flagctl.yaml names, or undefined when neither does (the command then runs without one). */
export function openConfiguredStore(options: StoreCliOptions, ctx: StoreContext): ObjectStore | undefined {
  return options.store || ctx.projectStore ? openStoreFromOptions(options, ctx) : undefined;
}

export function openStoreFromOptions(options: StoreCliOptions, ctx: StoreContext): ObjectStore {
  const { url, base } = resolveStoreUrl(options, ctx);
  return openStore(url, { endpoint: options.endpoint, unsafeNoCas: options.unsafeNoCas, cwd: base, env: ctx.env });
}
