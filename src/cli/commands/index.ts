import type { RegisterCommand } from "../command.js";
import { registerCodeowners } from "./codeowners.js";
import { registerEval } from "./eval.js";
import { registerInit } from "./init.js";
import { registerTest } from "./test.js";
import { registerValidate } from "./validate.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [registerCodeowners, registerEval, registerInit, registerTest, registerValidate];
