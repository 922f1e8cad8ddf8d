// Stable codes of repo-layout diagnostics; documented in docs/diagnostics.md. Never renumber.
export const REPO_CODES = {
  STRAY_FILE: "REPO001",
  BAD_FLAG_PATH: "REPO002",
  BAD_SEGMENT_PATH: "REPO003",
  NO_PROJECT: "REPO004",
  UNREADABLE: "REPO005",
  CASE_COLLISION: "REPO006",
} as const;
