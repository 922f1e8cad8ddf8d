import { defineRule } from "./rule.js";

/** RFC 6901: empty (the whole value) or "/"-separated tokens where "~" is only ever "~0" or "~1". */
export const isJsonPointer = (p: string): boolean => p === "" || (p.startsWith("/") && !/~(?![01])/.test(p));

export const badCheck = defineRule(
  "FLAG023", "error",
  "A `checks:` entry has a pointer that is not a JSON pointer, or is on a flag whose values cannot hold a URL (boolean, number).",
  'write a JSON pointer such as "/url" ("" for the whole value) on a string or json flag',
  (repo, report) => {
    for (const flag of repo.flags.values()) {
      for (const check of flag.checks) {
        if (flag.type === "boolean" || flag.type === "number") {
          report(check.loc, `\`${check.kind}\` cannot check a ${flag.type} flag: its values are not URLs`);
        } else if (!isJsonPointer(check.pointer)) {
          report(check.loc, `${JSON.stringify(check.pointer)} is not a JSON pointer (start with "/", escape "~" as ~0 and "/" as ~1)`);
        } else if (flag.type === "string" && check.pointer !== "") {
          report(check.loc, `a string flag's value is the URL itself; use the pointer "" instead of ${JSON.stringify(check.pointer)}`);
        }
      }
    }
  },
);
