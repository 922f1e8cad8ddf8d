import { githubReporter } from "./github.js";
import { jsonReporter } from "./json.js";
import { markdownReporter } from "./markdown.js";
import type { Reporter } from "./reporter.js";
import { textReporter } from "./text.js";

export type { Reporter, ReportInput } from "./reporter.js";

/** Every output format by its --format name; add a format by adding a line. */
export const reporters: Record<string, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  github: githubReporter,
  markdown: markdownReporter,
};

export const reporterNames = (): string[] => Object.keys(reporters);
