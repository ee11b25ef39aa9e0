import type { LedgerKind } from "../api/billing";

export const KIND_LABELS: Record<LedgerKind, string> = {
  credit: "Credit",
  payment: "Payment",
  voucher: "Voucher",
  call_charge: "Call charge",
  usage_charge: "Usage charge",
  recurring_fee: "Recurring fee",
  refund: "Refund",
  adjustment: "Adjustment",
  periodic_credit: "Periodic credit",
};

/** A decimal string the credit API accepts: up to 12 integer and 6 fraction digits, not zero. */
export function isAmount(text: string, allowNegative: boolean): boolean {
  const pattern = allowNegative ? /^-?\d{1,12}(\.\d{1,6})?$/ : /^\d{1,12}(\.\d{1,6})?$/;
  return pattern.test(text) && /[1-9]/.test(text);
}
