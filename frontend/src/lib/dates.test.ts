import { describe, expect, it } from "vitest";

import { formatDate, formatDateTime, formatLatency, formatRelative, timeZones } from "./dates";

describe("date formatting", () => {
  const iso = "2026-03-29T00:30:00Z";

  it("shows a UTC instant in the viewer's timezone", () => {
    expect(formatDateTime(iso, { locale: "en-GB", timeZone: "UTC" })).toBe("29 Mar 2026, 00:30");
    expect(formatDateTime(iso, { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("29 Mar 2026, 01:30");
    expect(formatDate(iso, { locale: "en-US", timeZone: "America/Los_Angeles" })).toBe("Mar 28, 2026");
  });

  it("falls back to the browser's zone for an unknown timezone and shows a dash for nothing", () => {
    expect(formatDateTime(iso, { locale: "en-GB", timeZone: "Mars/Olympus" })).toMatch(/2026/);
    expect(formatDateTime(null)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
  });

  it("says how long ago", () => {
    const now = new Date("2026-03-29T00:33:00Z");
    expect(formatRelative(iso, now, "en")).toBe("3 minutes ago");
    expect(formatRelative("2026-03-31T00:33:00Z", now, "en")).toBe("in 2 days");
    expect(formatRelative("2026-03-29T00:33:00Z", now, "en")).toBe("now");
  });

  it("formats latencies", () => {
    expect(formatLatency(3.456, "en")).toBe("3.5 ms");
    expect(formatLatency(123.4, "en")).toBe("123 ms");
  });

  it("lists IANA timezones with UTC", () => {
    const zones = timeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Berlin");
  });
});
