// Adapter: finds the CODEOWNERS file that belongs to a config repo. It lives at the git root, whose patterns
// are relative to it, wherever the config repo sits inside the git repo.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CODEOWNERS_PATH } from "../core/codeowners.js";
import { RefusedError } from "../errors.js";
import { gitPlace } from "../git/gitPlace.js";

export interface CodeownersFile {
  /** Absolute path of `.github/CODEOWNERS` (existing or not). */
  path: string;
  /** Its text, or undefined when there is none. */
  text?: string;
  /** The config repo's place in the git repo, for `planCodeowners`/`codeownersFinding`: "" or "sub/dir/". */
  prefix: string;
}

/** For a config repo at `root`: `const co = await readCodeownersFile(root); codeownersFinding(repo, co.text, co)`. */
export async function readCodeownersFile(root: string): Promise<CodeownersFile> {
  const place = (await gitPlace(root)) ?? { root, prefix: "" };
  const path = join(place.root, CODEOWNERS_PATH);
  try {
    return { path, text: readFileSync(path, "utf8"), prefix: place.prefix };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { path, prefix: place.prefix };
    throw new RefusedError(`cannot read ${path}: ${(err as Error).message}`, "check the file's permissions", "E_CODEOWNERS_READ");
  }
}
