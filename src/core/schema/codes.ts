// Stable codes of schema diagnostics; documented in docs/diagnostics.md. Never renumber.
export const SCHEMA_CODES = {
  UNKNOWN_KEY: "SCHEMA001",
  MISSING_KEY: "SCHEMA002",
  WRONG_TYPE: "SCHEMA003",
  NOT_ALLOWED_VALUE: "SCHEMA004",
  BAD_FORMAT: "SCHEMA005",
  EMPTY: "SCHEMA006",
  OUT_OF_RANGE: "SCHEMA007",
  DUPLICATE_ITEM: "SCHEMA008",
  TOO_MANY: "SCHEMA009",
  OTHER: "SCHEMA010",
} as const;
