import type { RegisterCommand } from "../command.js";
import { registerEval } from "./eval.js";
import { registerInit } from "./init.js";
import { registerTest } from "./test.js";
import { registerValidate } from "./validate.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [registerEval, registerInit, registerTest, registerValidate];
