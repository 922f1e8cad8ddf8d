// An environment's pointer: the value the planner reasons about and the store keeps.
/** What envs/<env>/pointer.json and every envs/<env>/history/<seq>.json hold (SPEC §5). */
export interface Pointer {
  seq: number;
  stable: string | null;
  candidate: string | null;
  /** Share of hosts on the candidate, 0-100. */
  percent: number;
  /** ISO time of the write. */
  updatedAt: string;
  by: string;
  reason: string;
}

/** A pointer before it is written: the store assigns `seq`. */
export type PointerState = Omit<Pointer, "seq">;
