import { describe, expect, it } from "vitest";

import type { Cdr } from "../api/cdrs";
import { topDestinations } from "./topDestinations";

function cdr(destination: string | null, seconds: number, cost: string | null, currency: string | null = "GBP"): Cdr {
  return { destination, billable_seconds: seconds, cost, currency } as Cdr;
}

describe("topDestinations", () => {
  it("ranks by calls, then billed time, and sums cost exactly", () => {
    const top = topDestinations([cdr("UK mobile", 60, "0.10"), cdr("UK mobile", 30, "0.05"), cdr("France", 600, "0.20"), cdr(null, 10, null, null), cdr("Spain", 700, "0.30")], 3);
    expect(top).toEqual([
      { destination: "UK mobile", calls: 2, seconds: 90, cost: "0.15", currency: "GBP" },
      { destination: "Spain", calls: 1, seconds: 700, cost: "0.30", currency: "GBP" },
      { destination: "France", calls: 1, seconds: 600, cost: "0.20", currency: "GBP" },
    ]);
  });
});
