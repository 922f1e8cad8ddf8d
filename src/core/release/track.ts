// Which release a host runs under a pointer (staged rollout): the candidate when the host's bucket under the
// salt "release:" + candidate is below percent * 1000, else the stable one. Raising percent only adds hosts.
import { bucket } from "../bucket/index.js";

export type Track = "stable" | "candidate";

export interface HostAssignment {
  track: Track;
  /** null when the pointer names no release for this track (nothing promoted yet). */
  version: string | null;
}

export function hostTrack(
  pointer: { stable: string | null; candidate: string | null; percent: number },
  host: string,
): HostAssignment {
  if (pointer.candidate && bucket(`release:${pointer.candidate}`, host) < pointer.percent * 1000) {
    return { track: "candidate", version: pointer.candidate };
  }
  return { track: "stable", version: pointer.stable };
}
