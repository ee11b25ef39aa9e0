import { addDays, dayStart, isDay, today } from "@/lib/zoned";

/** The date range of a CDR page as the URL keeps it: calendar days in the viewer's timezone. */
export interface DayRange {
  /** First day shown (inclusive). */
  from?: string;
  /** Last day shown (inclusive). */
  to?: string;
}

/** The API's default: the last 30 days. */
export const DEFAULT_DAYS = 30;
/** The API refuses a longer range. */
export const MAX_DAYS = 400;

export function dayParam(value: unknown): string | undefined {
  return typeof value === "string" && isDay(value) ? value : undefined;
}

/** The days the page shows when the URL names none: the last 30, today included. */
export function effectiveRange(range: DayRange, timeZone: string, now: Date = new Date()): Required<DayRange> {
  const to = range.to ?? (range.from ? addDays(range.from, DEFAULT_DAYS - 1) : today(timeZone, now));
  const from = range.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  return { from, to };
}

/** `started_from`/`started_to` instants for the API: from the first day's midnight to the midnight after the last. */
export function apiRange(range: DayRange, timeZone: string, now: Date = new Date()): { started_from: string; started_to: string } {
  const { from, to } = effectiveRange(range, timeZone, now);
  return { started_from: dayStart(from, timeZone), started_to: dayStart(addDays(to, 1), timeZone) };
}

/** Why a range cannot be asked for, or null. */
export function rangeProblem(range: DayRange, timeZone: string): string | null {
  const { from, to } = effectiveRange(range, timeZone);
  if (to < from) return "The last day is before the first.";
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  if (days > MAX_DAYS) return `A range is at most ${MAX_DAYS} days.`;
  return null;
}

/** The API selection of a page's filters (`number` only when the API would accept it). */
export function selectionOf(
  values: DayRange & { number?: string; disposition?: string; direction?: "outbound" | "inbound" | "local"; client?: string },
  timeZone: string,
  now: Date = new Date(),
) {
  const number = values.number !== undefined && /^\+?[0-9]{1,20}$/.test(values.number) ? values.number : undefined;
  return {
    ...apiRange(values, timeZone, now),
    number,
    disposition: values.disposition,
    direction: values.direction,
    client_id: values.client,
  };
}

const DIRECTION_VALUES = ["outbound", "inbound", "local"] as const;

/** The CDR filters read from URL search params (shared by the list and the summary). */
export function filterParams(search: Record<string, unknown>) {
  const text = (value: unknown, max: number) => (typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : undefined);
  const direction = typeof search.direction === "string" && (DIRECTION_VALUES as readonly string[]).includes(search.direction) ? (search.direction as (typeof DIRECTION_VALUES)[number]) : undefined;
  return {
    from: dayParam(search.from),
    to: dayParam(search.to),
    number: typeof search.number === "number" ? String(search.number) : text(search.number, 21),
    disposition: text(search.disposition, 32),
    direction,
    client: typeof search.client === "string" && /^[0-9a-f-]{36}$/i.test(search.client) ? search.client : undefined,
  };
}
