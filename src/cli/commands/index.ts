import type { RegisterCommand } from "../command.js";
import { registerAgent } from "./agent.js";
import { registerBuild } from "./build.js";
import { registerCodeowners } from "./codeowners.js";
import { registerDiff } from "./diff.js";
import { registerEval } from "./eval.js";
import { registerHosts } from "./hosts.js";
import { registerInit } from "./init.js";
import { registerKeygen } from "./keygen.js";
import { registerLog } from "./log.js";
import { registerPromote } from "./promote.js";
import { registerPublish } from "./publish.js";
import { registerReport } from "./report.js";
import { registerRefs } from "./refs.js";
import { registerRollback } from "./rollback.js";
import { registerRollout } from "./rollout.js";
import { registerStale } from "./stale.js";
import { registerStatus } from "./status.js";
import { registerTest } from "./test.js";
import { registerValidate } from "./validate.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [
  registerAgent,
  registerBuild,
  registerCodeowners,
  registerDiff,
  registerEval,
  registerHosts,
  registerInit,
  registerKeygen,
  registerLog,
  registerPromote,
  registerPublish,
  registerReport,
  registerRefs,
  registerRollback,
  registerRollout,
  registerStale,
  registerStatus,
  registerTest,
  registerValidate,
];
