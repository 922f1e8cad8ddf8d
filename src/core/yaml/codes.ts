// Stable codes of the loader's diagnostics; documented in docs/diagnostics.md. Never renumber.
export const YAML_CODES = {
  TOO_LARGE: "YAML001",
  NOT_UTF8: "YAML002",
  SYNTAX: "YAML003",
  DUPLICATE_KEY: "YAML004",
  MULTIPLE_DOCS: "YAML005",
  ALIAS_BOMB: "YAML006",
  BAD_ALIAS: "YAML007",
  FORBIDDEN_KEY: "YAML008",
  COMPLEX_KEY: "YAML009",
  EMPTY: "YAML010",
  PARSER_WARNING: "YAML011",
  TOO_DEEP: "YAML012",
  NOT_FINITE: "YAML013",
  TOO_MANY_KEYS: "YAML014",
} as const;
