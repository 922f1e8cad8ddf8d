// Renderers for `flagctl diff` (reporters are the only code that uses chalk).
import type { DiffReport } from "../../../core/diff/index.js";
import { renderDiffMarkdown } from "./markdown.js";
import { renderDiffText } from "./text.js";

export { DIFF_COMMENT_MARKER } from "./markdown.js";

export type DiffRenderer = (report: DiffReport, color: boolean) => string;

export const diffRenderers: Record<string, DiffRenderer> = {
  text: renderDiffText,
  json: (r) => JSON.stringify(r, null, 2) + "\n",
  markdown: (r) => renderDiffMarkdown(r),
};
