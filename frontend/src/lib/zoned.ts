/**
 * Calendar days in an IANA timezone, without a date library: a day "YYYY-MM-DD" in the
 * viewer's timezone becomes the UTC instant of its midnight, which is what the API's
 * `started_from`/`started_to` take.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function parts(instant: number, timeZone: string): Record<string, number> {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const found: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) {
    if (part.type !== "literal") found[part.type] = Number(part.value);
  }
  return found;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The UTC instant (ISO 8601, "Z") at which `day` begins in `timeZone`. */
export function dayStart(day: string, timeZone: string): string {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Not a day: ${JSON.stringify(day)}`);
  const zone = safeZone(timeZone);
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Two passes: the offset at the guessed instant may differ from the one at the answer
  // (a day that begins just after a DST change).
  let instant = wall - offsetAt(wall, zone);
  instant = wall - offsetAt(instant, zone);
  return new Date(instant).toISOString().replace(".000Z", "Z");
}

/** The day it is in `timeZone` at `now`. */
export function today(timeZone: string, now: Date = new Date()): string {
  const p = parts(now.getTime(), safeZone(timeZone));
  const pad = (n: number | undefined, size = 2) => String(n ?? 0).padStart(size, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `day` plus `days` calendar days (negative goes back). */
export function addDays(day: string, days: number): string {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Not a day: ${JSON.stringify(day)}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
}
