import { describe, expect, it } from "vitest";

import type { Billing } from "../api/billing";
import { termsDraft, termsPatch } from "./billingTerms";

const BILLING: Billing = {
  user_id: "u1",
  kind: "prepaid",
  currency: "GBP",
  balance: "10.000000",
  reserved: "0",
  available: "10.000000",
  credit_limit: "0.000000",
  max_concurrent_calls: null,
  monthly_spend_cap: "100.000000",
  max_price_per_minute: null,
  max_price_per_call: null,
  low_credit_threshold: null,
  periodic_credit: null,
  updated_at: "2026-01-01T00:00:00Z",
};

describe("billing terms", () => {
  it("shows amounts without trailing zeros and limits left empty", () => {
    const draft = termsDraft(BILLING);
    expect(draft.credit_limit).toBe("0");
    expect(draft.monthly_spend_cap).toBe("100");
    expect(draft.max_price_per_call).toBe("");
    expect(termsPatch(BILLING, draft)).toEqual({ patch: {}, errors: {} });
  });

  it("sends only what changed; an emptied limit is null", () => {
    const draft = { ...termsDraft(BILLING), kind: "postpaid" as const, credit_limit: "50.5", monthly_spend_cap: "", max_concurrent_calls: "3", periodic_amount: "5", periodic_period: "monthly" as const };
    expect(termsPatch(BILLING, draft)).toEqual({
      patch: { kind: "postpaid", credit_limit: "50.5", monthly_spend_cap: null, max_concurrent_calls: 3, periodic_credit: { amount: "5", period: "monthly" } },
      errors: {},
    });
  });

  it("names the bad fields", () => {
    const draft = { ...termsDraft(BILLING), credit_limit: "-1", max_price_per_minute: "0.1234567", max_concurrent_calls: "2.5", periodic_amount: "5" };
    expect(Object.keys(termsPatch(BILLING, draft).errors).sort()).toEqual(["credit_limit", "max_concurrent_calls", "max_price_per_minute", "periodic_period"]);
  });

  it("removes a periodic credit when both its fields are emptied", () => {
    const billing = { ...BILLING, periodic_credit: { amount: "5.000000", period: "weekly" as const, next_reset_at: null } };
    const draft = { ...termsDraft(billing), periodic_amount: "", periodic_period: "" as const };
    expect(termsPatch(billing, draft).patch).toEqual({ periodic_credit: null });
  });
});
