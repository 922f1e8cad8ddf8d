import type { RegisterCommand } from "../command.js";
import { registerInit } from "./init.js";
import { registerValidate } from "./validate.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [registerInit, registerValidate];
