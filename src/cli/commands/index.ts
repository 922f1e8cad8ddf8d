import type { RegisterCommand } from "../command.js";

// One line per command; keep sorted.
export const commands: RegisterCommand[] = [];
