import { plainDecimal } from "@/lib/decimal";

import type { Billing, BillingUpdate } from "../api/billing";

export type PeriodicPeriod = NonNullable<Billing["periodic_credit"]>["period"];
export const PERIODIC_PERIODS: readonly PeriodicPeriod[] = ["daily", "weekly", "monthly"];

/** The billing terms as a form holds them: text, "" for "no limit". */
export interface TermsDraft {
  kind: Billing["kind"];
  credit_limit: string;
  max_concurrent_calls: string;
  monthly_spend_cap: string;
  max_price_per_minute: string;
  max_price_per_call: string;
  low_credit_threshold: string;
  periodic_amount: string;
  periodic_period: PeriodicPeriod | "";
}

export type TermsField = keyof TermsDraft;

const AMOUNT = /^[0-9]{1,12}(\.[0-9]{1,6})?$/;
const OPTIONAL_AMOUNTS = ["monthly_spend_cap", "max_price_per_minute", "max_price_per_call", "low_credit_threshold"] as const;

const shown = (amount: string | null) => (amount === null ? "" : plainDecimal(amount));

export function termsDraft(billing: Billing): TermsDraft {
  return {
    kind: billing.kind,
    credit_limit: shown(billing.credit_limit),
    max_concurrent_calls: billing.max_concurrent_calls === null ? "" : String(billing.max_concurrent_calls),
    monthly_spend_cap: shown(billing.monthly_spend_cap),
    max_price_per_minute: shown(billing.max_price_per_minute),
    max_price_per_call: shown(billing.max_price_per_call),
    low_credit_threshold: shown(billing.low_credit_threshold),
    periodic_amount: shown(billing.periodic_credit?.amount ?? null),
    periodic_period: billing.periodic_credit?.period ?? "",
  };
}

/**
 * What to send: only the terms that changed (so the audit log shows only those), or the
 * form's errors by field. An empty optional amount is "no limit" (null).
 */
export function termsPatch(billing: Billing, draft: TermsDraft): { patch: BillingUpdate; errors: Partial<Record<TermsField, string>> } {
  const before = termsDraft(billing);
  const errors: Partial<Record<TermsField, string>> = {};
  const patch: BillingUpdate = {};
  const amount = (field: TermsField, value: string) => {
    if (!AMOUNT.test(value)) errors[field] = "A non-negative amount, at most 6 decimals";
  };

  if (draft.kind !== before.kind) patch.kind = draft.kind;
  const limit = draft.credit_limit.trim() || "0";
  amount("credit_limit", limit);
  if (!errors.credit_limit && plainDecimal(limit) !== before.credit_limit) patch.credit_limit = limit;

  for (const field of OPTIONAL_AMOUNTS) {
    const value = draft[field].trim();
    if (value !== "") amount(field, value);
    if (errors[field]) continue;
    const next = value === "" ? "" : plainDecimal(value);
    if (next !== before[field]) patch[field] = value === "" ? null : value;
  }

  const calls = draft.max_concurrent_calls.trim();
  if (calls !== "" && (!/^[0-9]{1,6}$/.test(calls) || Number(calls) > 100_000)) errors.max_concurrent_calls = "A whole number up to 100000, or empty for no limit";
  else if (calls !== before.max_concurrent_calls) patch.max_concurrent_calls = calls === "" ? null : Number(calls);

  const periodic = draft.periodic_amount.trim();
  if (periodic === "" && draft.periodic_period === "") {
    if (before.periodic_amount !== "") patch.periodic_credit = null;
  } else if (periodic === "" || draft.periodic_period === "") {
    errors[periodic === "" ? "periodic_amount" : "periodic_period"] = "Give both an amount and a period, or neither";
  } else {
    amount("periodic_amount", periodic);
    if (!errors.periodic_amount && (plainDecimal(periodic) !== before.periodic_amount || draft.periodic_period !== before.periodic_period)) {
      patch.periodic_credit = { amount: periodic, period: draft.periodic_period };
    }
  }
  return { patch, errors };
}
