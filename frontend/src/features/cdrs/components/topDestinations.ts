import { sumDecimals } from "@/lib/decimal";

import type { Cdr } from "../api/cdrs";

export interface DestinationTotals {
  destination: string;
  calls: number;
  seconds: number;
  /** Exact decimal string in `currency` (the first currency seen for it). */
  cost: string;
  currency: string | null;
}

/** The destinations called most among `cdrs`, by number of calls then billed time. */
export function topDestinations(cdrs: readonly Cdr[], limit = 5): DestinationTotals[] {
  const found = new Map<string, DestinationTotals>();
  for (const cdr of cdrs) {
    const name = cdr.destination ?? "Unknown";
    const entry = found.get(name) ?? { destination: name, calls: 0, seconds: 0, cost: "0", currency: cdr.currency };
    entry.calls += 1;
    entry.seconds += cdr.billable_seconds;
    if (cdr.cost !== null && (entry.currency === null || cdr.currency === entry.currency)) {
      entry.cost = sumDecimals([entry.cost, cdr.cost]);
      entry.currency = cdr.currency;
    }
    found.set(name, entry);
  }
  return [...found.values()]
    .sort((a, b) => b.calls - a.calls || b.seconds - a.seconds || a.destination.localeCompare(b.destination))
    .slice(0, limit);
}
