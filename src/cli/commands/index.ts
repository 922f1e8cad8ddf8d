import type { RegisterCommand } from "../command.js";
import { registerCodeowners } from "./codeowners.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [registerCodeowners];
