import type { LazyCommands } from "../command.js";

// One line per command, keyed by its name; keep sorted. A command's module (and everything it imports) is
// loaded only when that command runs, so adding one costs the other commands nothing at start-up.
export const commands: LazyCommands = {
  agent: async () => (await import("./agent.js")).registerAgent,
  build: async () => (await import("./build.js")).registerBuild,
  codeowners: async () => (await import("./codeowners.js")).registerCodeowners,
  diff: async () => (await import("./diff.js")).registerDiff,
  eval: async () => (await import("./eval.js")).registerEval,
  hosts: async () => (await import("./hosts.js")).registerHosts,
  init: async () => (await import("./init.js")).registerInit,
  keygen: async () => (await import("./keygen.js")).registerKeygen,
  log: async () => (await import("./log.js")).registerLog,
  promote: async () => (await import("./promote.js")).registerPromote,
  publish: async () => (await import("./publish.js")).registerPublish,
  refs: async () => (await import("./refs.js")).registerRefs,
  report: async () => (await import("./report.js")).registerReport,
  rollback: async () => (await import("./rollback.js")).registerRollback,
  rollout: async () => (await import("./rollout.js")).registerRollout,
  stale: async () => (await import("./stale.js")).registerStale,
  status: async () => (await import("./status.js")).registerStatus,
  test: async () => (await import("./test.js")).registerTest,
  validate: async () => (await import("./validate.js")).registerValidate,
};
