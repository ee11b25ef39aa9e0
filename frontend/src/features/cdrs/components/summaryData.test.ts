import { describe, expect, it } from "vitest";

import type { SummaryRow } from "../api/cdrs";
import { chartPoints, currenciesOf, foldSummary, grandTotal, periodsBetween } from "./summaryData";

const row = (period: string, currency: string | null, calls: number, minutes: string, cost: string): SummaryRow => ({
  key: period,
  label: period,
  currency,
  calls,
  billable_minutes: minutes,
  billable_seconds: Math.round(Number(minutes) * 60),
  cost,
  buy_cost: null,
  margin: null,
});

describe("summaries", () => {
  it("lists every day or month of a range", () => {
    expect(periodsBetween("2026-02-27", "2026-03-02", "day")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(periodsBetween("2025-11-15", "2026-02-01", "month")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("folds currencies into one entry per period and fills empty periods", () => {
    const rows = [row("2026-03-01", "GBP", 2, "3.50", "0.10"), row("2026-03-01", "USD", 1, "1.00", "0.05"), row("2026-03-01", null, 4, "0.00", "0")];
    const folded = foldSummary(rows, ["2026-03-01", "2026-03-02"]);
    expect(folded).toEqual([
      { period: "2026-03-01", calls: 7, minutes: "4.50", cost: { GBP: "0.10", USD: "0.05", "": "0" } },
      { period: "2026-03-02", calls: 0, minutes: "0", cost: {} },
    ]);
    expect(currenciesOf(rows)).toEqual(["GBP", "USD"]);
    expect(grandTotal(folded)).toEqual({ calls: 7, minutes: "4.50", cost: { GBP: "0.10", USD: "0.05", "": "0" } });
    expect(chartPoints(folded, ["GBP"])).toEqual([
      { period: "2026-03-01", calls: 7, minutes: 4.5, cost_GBP: 0.1 },
      { period: "2026-03-02", calls: 0, minutes: 0, cost_GBP: 0 },
    ]);
  });
});
