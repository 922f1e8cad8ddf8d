// The text of one side of `flagctl diff A B`: ENV, ENV@REV, ENV@deployed, VERSION or VERSION:ENV.
import { isVersion } from "../../core/release/version.js";
import { UsageError } from "../../errors.js";

export type SideSpec =
  | { kind: "work"; env?: string }
  | { kind: "git"; rev: string; env?: string }
  | { kind: "release"; version: string; env?: string }
  | { kind: "deployed"; env: string };

export function parseSideSpec(text: string): SideSpec {
  const colon = text.indexOf(":");
  const head = colon >= 0 ? text.slice(0, colon) : text;
  if (isVersion(head)) return colon >= 0 ? { kind: "release", version: head, env: text.slice(colon + 1) } : { kind: "release", version: head };
  const at = text.indexOf("@");
  if (at > 0) {
    const env = text.slice(0, at);
    const rev = text.slice(at + 1);
    if (rev === "") throw new UsageError(`${JSON.stringify(text)} names no git revision`, "write ENV@REV, e.g. prod@origin/main, or ENV@deployed");
    return rev === "deployed" ? { kind: "deployed", env } : { kind: "git", rev, env };
  }
  return { kind: "work", env: text };
}
