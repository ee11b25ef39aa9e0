/** Parsing URL search params into typed, optional values (TanStack Router `validateSearch`). */

export const PAGE_SIZE = 20;

export function pageParam(value: unknown): number | undefined {
  const page = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isInteger(page) && page > 1 ? page : undefined;
}

export function textParam(value: unknown, maxLength = 200): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim().slice(0, maxLength);
  return trimmed === "" ? undefined : trimmed;
}

export function choiceParam<T extends string>(value: unknown, choices: readonly T[]): T | undefined {
  return typeof value === "string" && (choices as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function offsetOf(page: number | undefined, size = PAGE_SIZE): number {
  return ((page ?? 1) - 1) * size;
}

/** Where to go after signing in: only a path inside this app, never another site. */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return undefined;
  if (value.startsWith("/login")) return undefined;
  return value;
}
