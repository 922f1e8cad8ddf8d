import type { RegisterCommand } from "../command.js";
import { registerCodeowners } from "./codeowners.js";
import { registerInit } from "./init.js";
import { registerValidate } from "./validate.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [registerCodeowners, registerInit, registerValidate];
