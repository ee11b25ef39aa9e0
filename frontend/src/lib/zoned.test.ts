import { describe, expect, it } from "vitest";

import { addDays, dayStart, isDay, today } from "./zoned";

describe("dayStart", () => {
  it("is midnight UTC in UTC", () => {
    expect(dayStart("2026-03-01", "UTC")).toBe("2026-03-01T00:00:00Z");
  });

  it("is the previous evening in UTC for a zone ahead of it, and follows summer time", () => {
    expect(dayStart("2026-01-15", "Europe/Berlin")).toBe("2026-01-14T23:00:00Z");
    expect(dayStart("2026-07-15", "Europe/London")).toBe("2026-07-14T23:00:00Z");
    expect(dayStart("2026-07-15", "America/New_York")).toBe("2026-07-15T04:00:00Z");
  });

  it("handles the day a clock changes", () => {
    // London goes to BST at 01:00 UTC on 29 March 2026; the day still starts at 00:00 GMT.
    expect(dayStart("2026-03-29", "Europe/London")).toBe("2026-03-29T00:00:00Z");
    expect(dayStart("2026-03-30", "Europe/London")).toBe("2026-03-29T23:00:00Z");
  });

  it("falls back to UTC for an unknown zone and refuses a non-day", () => {
    expect(dayStart("2026-03-01", "Not/AZone")).toBe("2026-03-01T00:00:00Z");
    expect(() => dayStart("01/03/2026", "UTC")).toThrow(RangeError);
  });
});

describe("days", () => {
  it("knows what day it is in a zone", () => {
    const now = new Date("2026-07-15T23:30:00Z");
    expect(today("UTC", now)).toBe("2026-07-15");
    expect(today("Europe/London", now)).toBe("2026-07-16");
    expect(today("America/New_York", now)).toBe("2026-07-15");
  });

  it("adds days across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("validates days", () => {
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-2-3")).toBe(false);
  });
});
