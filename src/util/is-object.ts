/** A JSON/YAML object (a map of keys), not a list and not null: what every hostile-input reader checks first. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
