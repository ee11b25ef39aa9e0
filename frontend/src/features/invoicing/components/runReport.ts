import type { BillingRun } from "../api/invoicing";

export interface RunTotals {
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
}

export interface PreviewInvoice {
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  lines: { description: string; amount: string; tax: string }[];
}

export interface RunPreview {
  clientId: string;
  period: string;
  invoices: PreviewInvoice[];
}

export interface RunReport {
  counts: { label: string; key: string; value: number }[];
  totals: RunTotals[];
  preview: RunPreview[];
  errors: { clientId: string | null; message: string }[];
}

const COUNTS = [
  ["clients_processed", "Clients processed"],
  ["clients_invoiced", "Clients invoiced"],
  ["clients_already_invoiced", "Already invoiced"],
  ["clients_without_charges", "Nothing to bill"],
  ["clients_failed", "Failed"],
  ["invoices", "Invoices"],
  ["cdrs", "Call records"],
] as const;

const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function previewInvoice(value: unknown): PreviewInvoice {
  const item = record(value);
  return {
    currency: text(item.currency),
    subtotal: text(item.subtotal),
    tax: text(item.tax),
    total: text(item.total),
    lines: list(item.lines).map((line) => {
      const row = record(line);
      return { description: text(row.description), amount: text(row.amount), tax: text(row.tax) };
    }),
  };
}

/** A run's free-form `report` and `errors` (docs/invoicing.md), read defensively: a field that is missing or of another type is left out. */
export function readRunReport(run: BillingRun): RunReport {
  const report = record(run.report);
  return {
    counts: COUNTS.filter(([key]) => typeof report[key] === "number").map(([key, label]) => ({ key, label, value: report[key] as number })),
    totals: Object.entries(record(report.totals)).map(([currency, money]) => {
      const sums = record(money);
      return { currency, subtotal: text(sums.subtotal), tax: text(sums.tax), total: text(sums.total) };
    }),
    preview: list(report.preview).map((value) => {
      const item = record(value);
      return { clientId: text(item.client_id), period: text(item.period), invoices: list(item.invoices).map(previewInvoice) };
    }),
    errors: run.errors.map((error) => ({ clientId: text(error.client_id) || null, message: text(error.message) || JSON.stringify(error) })),
  };
}

/** How far a run got, in percent; null while the number of clients is not known yet. */
export function runPercent(run: BillingRun): number | null {
  if (run.status === "succeeded") return 100;
  if (run.clients_total === 0) return run.status === "running" ? null : 0;
  return Math.min(100, Math.round((run.clients_done / run.clients_total) * 100));
}

/** The last `count` calendar months before `today` ("YYYY-MM-DD"), newest first: the periods a run usually bills. */
export function recentMonths(today: string, count = 12): string[] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let index = 0; index < count; index += 1) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    months.push(`${year}-${String(month).padStart(2, "0")}`);
  }
  return months;
}
