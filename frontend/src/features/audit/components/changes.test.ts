import { describe, expect, it } from "vitest";

import { changedFields, showValue } from "./changes";

describe("audit changes", () => {
  it("lists the changed fields, nested ones as dotted paths", () => {
    const before = { name: "A", status: "active", notification_preferences: {}, updated_at: "t1" };
    const after = {
      name: "A",
      status: "suspended",
      notification_preferences: { low_credit: { email: true, sms: true } },
      updated_at: "t2",
    };
    expect(changedFields(before, after)).toEqual([
      { field: "notification_preferences.low_credit.email", from: undefined, to: true },
      { field: "notification_preferences.low_credit.sms", from: undefined, to: true },
      { field: "status", from: "active", to: "suspended" },
    ]);
  });

  it("shows missing and empty values as ∅", () => {
    expect(showValue(null)).toBe("∅");
    expect(showValue({})).toBe("∅");
    expect(showValue(["203.0.113.0/24"])).toBe('["203.0.113.0/24"]');
  });
});
