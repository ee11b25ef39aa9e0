import { describe, expect, it } from "vitest";

import type { SummaryRow } from "../api/cdrs";
import { sortedRows } from "./DimensionTable";

const row = (key: string | null, calls: number): SummaryRow => ({ key, label: null, calls, billable_seconds: 0, billable_minutes: "0", cost: "0", currency: "USD", buy_cost: null, margin: null });

describe("sortedRows", () => {
  it("puts the busiest first, ties by name", () => {
    expect(sortedRows([row("b", 1), row("a", 1), row("c", 5), row(null, 2)]).map((r) => r.key)).toEqual(["c", null, "a", "b"]);
  });
});
