// `flagctl agent`: runs until SIGTERM/SIGINT, then exits 0. The one stdout line is the address, for scripts
// and supervisors that start it on port 0; everything else is a log line on stderr.
import { resolve } from "node:path";
import { parseDuration } from "../../core/release/duration.js";
import { startAgent } from "../../agent/runAgent.js";
import { ExitCode, UsageError } from "../../errors.js";
import { resolveStore, loadVerifyKeys, hostOf, checkEnvName } from "../../sdk/options.js";
import { checkName } from "../../store/keys.js";
import type { RegisterCommand } from "../command.js";
import { checkEnv, loadProject } from "../../app/loadProject.js";
import { resolveStoreUrl } from "../storeOptions.js";
import { splitAttr } from "../evalContext.js";

interface Options {
  env: string;
  host?: string;
  store?: string;
  endpoint?: string;
  listen: string;
  poll: string;
  cacheDir?: string;
  verifyKey: string[];
  static: string[];
  report?: boolean;
  cwd?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** How often --report writes; FLAGCTL_AGENT_REPORT_INTERVAL (a duration) shortens it for tests and demos. */
const REPORT_INTERVAL_MS = 60_000;

export const registerAgent: RegisterCommand = (program, cli) => {
  program
    .command("agent")
    .description("serve an environment's releases over HTTP (OpenFeature Remote Evaluation Protocol) as a sidecar")
    .requiredOption("--env <env>", "environment whose releases to run")
    .option("--host <id>", "this host's id: its unit in staged rollouts and the static attribute `host` (default: the hostname)")
    .option("--store <url>", "store URL: s3://bucket/prefix or file://DIR (default: store: in flagctl.yaml, when run in a config repo)")
    .option("--endpoint <url>", "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (also FLAGCTL_S3_ENDPOINT)")
    .option("--listen <addr:port>", "address to listen on; port 0 picks a free port", "127.0.0.1:8016")
    .option("--poll <duration>", "how often to check the store's pointer", "5s")
    .option("--cache-dir <dir>", "keep the last good release here and serve it when the store is down at start")
    .option("--verify-key <file>", "ed25519 public key; releases must be signed by one of these (repeatable)", collect, [])
    .option("--static <name=value>", "a static attribute of this process, as a string (repeatable), e.g. --static region=eu-west-1", collect, [])
    .option("--report", "write envs/<env>/hosts/<host>.json to the store every minute and on each switch (needs write access)")
    .option("--cwd <dir>", "config repo whose flagctl.yaml names the store, when --store is not given")
    .action(
      cli.action(async (opts: Options) => {
        const env = checkEnvName(opts.env);
        const host = hostOf(opts.host);
        if (opts.report) checkName("host", host);
        const { listenHost, listenPort } = parseListen(opts.listen);
        const pollMs = parseDuration(opts.poll);
        if (pollMs === null || pollMs < 10) throw new UsageError(`--poll ${opts.poll} is not a duration of at least 10ms`, "e.g. --poll 5s, --poll 500ms");
        const reportIntervalMs = reportInterval(cli.io.env.FLAGCTL_AGENT_REPORT_INTERVAL);
        const statics = Object.fromEntries(
          opts.static.map((pair) => {
            const [name, value] = splitAttr(pair, "static", "region=eu-west-1");
            if (name === "env" || name === "host") throw new UsageError(`--static ${name}=…: ${name} is given by --${name}`, `drop --static ${name}=…; pass --${name} instead`);
            return [name, value];
          }),
        );
        const verifyKeys = loadVerifyKeys(opts.verifyKey.length ? opts.verifyKey : cli.io.env.FLAGCTL_VERIFY_KEY?.trim() ? [cli.io.env.FLAGCTL_VERIFY_KEY] : undefined);
        const { url, base } = resolveStoreUrl(opts, opts.store ? { cwd: cli.io.cwd, env: {} } : projectStore(cli.io.cwd, opts.cwd, env));
        const { store } = resolveStore(url, { endpoint: opts.endpoint, cwd: base, env: cli.io.env });

        const agent = await startAgent({
          store,
          env,
          host,
          listenHost,
          listenPort,
          pollMs,
          cacheDir: opts.cacheDir,
          verifyKeys,
          statics,
          report: Boolean(opts.report),
          reportIntervalMs,
          log: (line) => cli.io.stderr(`${line}\n`),
        });
        cli.io.stdout(`listening on ${agent.url}\n`);
        const signal = await untilSignal();
        cli.io.stderr(`${new Date().toISOString()} ${signal}: stopping\n`);
        await agent.stop();
        return ExitCode.OK;
      }),
    );
};

/** Resolves with the first SIGTERM or SIGINT; the handlers are removed then, so a second one kills as usual. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off("SIGTERM", on);
      process.off("SIGINT", on);
      resolve(s);
    };
    process.on("SIGTERM", on);
    process.on("SIGINT", on);
  });
}

export function parseListen(text: string): { listenHost: string; listenPort: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen ${text} is not ADDRESS:PORT`, "e.g. --listen 127.0.0.1:8016, --listen [::1]:0, --listen 0.0.0.0:8016 (every interface)");
  return { listenHost: m[1] ?? m[2], listenPort: port };
}

function reportInterval(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return REPORT_INTERVAL_MS;
  const ms = parseDuration(text);
  if (ms === null || ms < 100) throw new UsageError(`FLAGCTL_AGENT_REPORT_INTERVAL=${text} is not a duration of at least 100ms`, "e.g. 1s, 30s, 1m");
  return ms;
}

function projectStore(cwd: string, dir: string | undefined, env: string) {
  let found;
  try {
    found = loadProject(resolve(cwd, dir ?? "."));
  } catch {
    return { cwd, env: {} };
  }
  // The store comes from this project, so its environments are the ones there are.
  checkEnv(found.project.environments, env);
  return { cwd, env: {}, projectStore: found.project.store, projectDir: found.root };
}
