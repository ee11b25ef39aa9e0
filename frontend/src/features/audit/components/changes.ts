type Snapshot = Record<string, unknown> | null;

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const IGNORED = new Set(["updated_at", "created_at"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nested objects as dotted paths: {a: {b: 1}} → {"a.b": 1}. */
function flatten(value: Record<string, unknown>, prefix = "", into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // An empty object holds no value: it is the same as the field being absent.
    if (isPlainObject(inner)) flatten(inner, path, into);
    else into[path] = inner;
  }
  return into;
}

/** The fields (dotted paths for nested objects) whose value differs between two snapshots. */
export function changedFields(before: Snapshot, after: Snapshot): FieldChange[] {
  const from = flatten(before ?? {});
  const to = flatten(after ?? {});
  const fields = new Set([...Object.keys(from), ...Object.keys(to)]);
  return [...fields]
    .filter((field) => !IGNORED.has(field.split(".")[0] ?? field))
    .filter((field) => JSON.stringify(from[field]) !== JSON.stringify(to[field]))
    .sort()
    .map((field) => ({ field, from: from[field], to: to[field] }));
}

export function showValue(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (isPlainObject(value) && Object.keys(value).length === 0) return "∅";
  return JSON.stringify(value);
}
