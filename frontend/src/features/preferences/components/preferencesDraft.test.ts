import { describe, expect, it } from "vitest";

import type { Preferences } from "../api/preferences";
import { preferencesDraft, preferencesPatch } from "./preferencesDraft";

const stored: Preferences = {
  user_id: "u",
  updated_at: "2026-01-01T00:00:00Z",
  mask_digits: false,
  notify_low_credit: true,
  notify_spend_cap: true,
  notify_invoices: true,
  notification_email: null,
  low_credit_threshold: "5.000000",
};

describe("preferencesPatch", () => {
  it("sends nothing when nothing changed, even if the amount is written differently", () => {
    expect(preferencesPatch(stored, { ...preferencesDraft(stored), low_credit_threshold: "5" }).patch).toEqual({});
  });

  it("sends only the changed fields, and null for an emptied threshold", () => {
    const draft = { ...preferencesDraft(stored), mask_digits: true, low_credit_threshold: "" };
    expect(preferencesPatch(stored, draft).patch).toEqual({ mask_digits: true, low_credit_threshold: null });
  });

  it("refuses a malformed e-mail or amount instead of sending it", () => {
    const { patch, errors } = preferencesPatch(stored, { ...preferencesDraft(stored), notification_email: "nope", low_credit_threshold: "-1" });
    expect(patch).toEqual({});
    expect(errors).toEqual({ notification_email: "Not an e-mail address", low_credit_threshold: "Not an amount" });
  });

  it("sends a new address, and null when it is emptied again", () => {
    expect(preferencesPatch(stored, { ...preferencesDraft(stored), notification_email: " a@b.example " }).patch).toEqual({ notification_email: "a@b.example" });
    const withEmail = { ...stored, notification_email: "a@b.example" };
    expect(preferencesPatch(withEmail, { ...preferencesDraft(withEmail), notification_email: "" }).patch).toEqual({ notification_email: null });
  });
});
