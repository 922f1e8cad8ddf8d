// Which release a host runs under a pointer (staged rollout): the candidate when the host's bucket for the
// salt "release:" + candidate is below percent * 1000, else the stable release. Raising the percentage only
// adds hosts, and each new candidate reshuffles which hosts go first.
import { BUCKETS, bucket } from "../bucket/bucket.js";

export type Track = "stable" | "candidate";

export interface TrackChoice {
  track: Track;
  /** null when the pointer names no release for this host (no stable yet and not in the candidate's share). */
  version: string | null;
}

export function chooseTrack(pointer: { stable: string | null; candidate: string | null; percent: number }, host: string): TrackChoice {
  const { candidate } = pointer;
  if (candidate !== null && onCandidate(candidate, pointer.percent, host)) return { track: "candidate", version: candidate };
  return { track: "stable", version: pointer.stable };
}

export function onCandidate(candidate: string, percent: number, host: string): boolean {
  return bucket(`release:${candidate}`, host) < Math.round(percent * (BUCKETS / 100));
}
