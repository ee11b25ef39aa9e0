import { sumDecimals } from "@/lib/decimal";
import { addDays } from "@/lib/zoned";

import type { SummaryPeriod, SummaryRow } from "../api/cdrs";

/** One period of a summary, every currency's rows folded in. */
export interface PeriodTotals {
  period: string;
  calls: number;
  /** Exact decimal string. */
  minutes: string;
  /** Exact decimal strings by currency ("" for records without a price). */
  cost: Record<string, string>;
}

/** The periods from the first day to the last: "YYYY-MM-DD" days or "YYYY-MM" months. */
export function periodsBetween(from: string, to: string, period: SummaryPeriod): string[] {
  const found: string[] = [];
  if (period === "day") {
    for (let day = from; day <= to && found.length <= 400; day = addDays(day, 1)) found.push(day);
    return found;
  }
  let [year, month] = from.split("-").map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
    if (label > last || found.length > 36) return found;
    found.push(label);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** Fold the API's rows (one per period and currency) into one entry per period, empty periods included. */
export function foldSummary(rows: readonly SummaryRow[], periods: readonly string[]): PeriodTotals[] {
  const byPeriod = new Map<string, SummaryRow[]>();
  for (const row of rows) byPeriod.set(row.key ?? "", [...(byPeriod.get(row.key ?? "") ?? []), row]);
  const labels = [...new Set([...periods, ...byPeriod.keys()])].sort();
  return labels.map((period) => {
    const found = byPeriod.get(period) ?? [];
    const cost: Record<string, string> = {};
    for (const row of found) {
      const currency = row.currency ?? "";
      cost[currency] = sumDecimals([cost[currency] ?? "0", row.cost]);
    }
    return {
      period,
      calls: found.reduce((total, row) => total + row.calls, 0),
      minutes: sumDecimals(found.map((row) => row.billable_minutes)),
      cost,
    };
  });
}

/** The currencies that have a cost, in order (records without a price have none). */
export function currenciesOf(rows: readonly SummaryRow[]): string[] {
  return [...new Set(rows.map((row) => row.currency).filter((currency): currency is string => Boolean(currency)))].sort();
}

/** Totals over every period. */
export function grandTotal(totals: readonly PeriodTotals[]): Omit<PeriodTotals, "period"> {
  const currencies = new Set(totals.flatMap((entry) => Object.keys(entry.cost)));
  const cost: Record<string, string> = {};
  for (const currency of currencies) cost[currency] = sumDecimals(totals.map((entry) => entry.cost[currency] ?? "0"));
  return {
    calls: totals.reduce((total, entry) => total + entry.calls, 0),
    minutes: sumDecimals(totals.map((entry) => entry.minutes)),
    cost,
  };
}

/** Chart points: numbers are fine for drawing (never for money shown as text). */
export function chartPoints(totals: readonly PeriodTotals[], currencies: readonly string[]): Record<string, string | number>[] {
  return totals.map((entry) => {
    const point: Record<string, string | number> = { period: entry.period, calls: entry.calls, minutes: Number(entry.minutes) };
    for (const currency of currencies) point[`cost_${currency}`] = Number(entry.cost[currency] ?? "0");
    return point;
  });
}
