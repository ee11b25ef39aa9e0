import { describe, expect, it } from "vitest";

import { apiRange, dayParam, effectiveRange, rangeProblem, selectionOf } from "./cdrRange";

const NOW = new Date("2026-07-15T12:00:00Z");

describe("CDR date ranges", () => {
  it("defaults to the last 30 days, today included", () => {
    expect(effectiveRange({}, "UTC", NOW)).toEqual({ from: "2026-06-16", to: "2026-07-15" });
    expect(effectiveRange({ from: "2026-07-01" }, "UTC", NOW)).toEqual({ from: "2026-07-01", to: "2026-07-30" });
  });

  it("asks the API from the first day's midnight to the midnight after the last, in the viewer's zone", () => {
    expect(apiRange({ from: "2026-07-01", to: "2026-07-01" }, "Europe/London", NOW)).toEqual({
      started_from: "2026-06-30T23:00:00Z",
      started_to: "2026-07-01T23:00:00Z",
    });
  });

  it("refuses backwards and overlong ranges", () => {
    expect(rangeProblem({ from: "2026-07-02", to: "2026-07-01" }, "UTC")).toMatch(/before/);
    expect(rangeProblem({ from: "2025-01-01", to: "2026-07-01" }, "UTC")).toMatch(/at most 400/);
    expect(rangeProblem({ from: "2026-07-01", to: "2026-07-31" }, "UTC")).toBeNull();
  });

  it("keeps only real days from the URL", () => {
    expect(dayParam("2026-07-01")).toBe("2026-07-01");
    expect(dayParam("2026-13-01")).toBeUndefined();
    expect(dayParam(20260701)).toBeUndefined();
  });
});

describe("selectionOf", () => {
  it("sends only a number prefix the API accepts, and the client as client_id", () => {
    const selection = selectionOf({ from: "2026-07-01", to: "2026-07-02", number: "44a", client: "c1", direction: "outbound" }, "UTC", NOW);
    expect(selection).toEqual({
      started_from: "2026-07-01T00:00:00Z",
      started_to: "2026-07-03T00:00:00Z",
      number: undefined,
      disposition: undefined,
      direction: "outbound",
      client_id: "c1",
    });
    expect(selectionOf({ number: "+4420" }, "UTC", NOW).number).toBe("+4420");
  });
});
