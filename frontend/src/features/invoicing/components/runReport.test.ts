import { describe, expect, it } from "vitest";

import type { BillingRun } from "../api/invoicing";
import { readRunReport, recentMonths, runPercent } from "./runReport";

const run = (over: Partial<BillingRun>): BillingRun => ({
  id: "r",
  as_of: "2026-04-01T00:00:00Z",
  clients_done: 0,
  clients_total: 0,
  created_at: "2026-04-01T00:00:00Z",
  detail: null,
  dry_run: false,
  errors: [],
  finished_at: null,
  period: "2026-03",
  report: {},
  started_at: null,
  status: "queued",
  trigger: "manual",
  ...over,
});

describe("readRunReport", () => {
  it("reads the counts, totals per currency, preview and errors", () => {
    const report = readRunReport(
      run({
        report: {
          clients_processed: 2,
          clients_invoiced: 1,
          invoices: 1,
          totals: { EUR: { subtotal: "46.20", tax: "9.02", total: "55.22" } },
          preview: [{ client_id: "c", period: "2026-03-01 to 2026-03-31", invoices: [{ currency: "EUR", subtotal: "1", tax: "0", total: "1", lines: [{ description: "International", amount: "1", tax: "0" }] }] }],
        },
        errors: [{ client_id: "c2", message: "currency mismatch" }],
      }),
    );
    expect(report.counts).toEqual([
      { key: "clients_processed", label: "Clients processed", value: 2 },
      { key: "clients_invoiced", label: "Clients invoiced", value: 1 },
      { key: "invoices", label: "Invoices", value: 1 },
    ]);
    expect(report.totals).toEqual([{ currency: "EUR", subtotal: "46.20", tax: "9.02", total: "55.22" }]);
    expect(report.preview[0]?.invoices[0]?.lines).toEqual([{ description: "International", amount: "1", tax: "0" }]);
    expect(report.errors).toEqual([{ clientId: "c2", message: "currency mismatch" }]);
  });

  it("survives a report of another shape", () => {
    expect(readRunReport(run({ report: { totals: "x", preview: 3 } }))).toEqual({ counts: [], totals: [], preview: [], errors: [] });
  });
});

describe("runPercent", () => {
  it("is the share of clients done, 100 once finished, unknown while counting", () => {
    expect(runPercent(run({ status: "running", clients_total: 4, clients_done: 1 }))).toBe(25);
    expect(runPercent(run({ status: "succeeded", clients_total: 0 }))).toBe(100);
    expect(runPercent(run({ status: "running" }))).toBeNull();
  });
});

describe("recentMonths", () => {
  it("lists the months before today, across the year boundary", () => {
    expect(recentMonths("2026-02-15", 3)).toEqual(["2026-01", "2025-12", "2025-11"]);
  });
});
