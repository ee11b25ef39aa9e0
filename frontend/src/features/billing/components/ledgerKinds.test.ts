import { describe, expect, it } from "vitest";

import { isAmount } from "./ledgerKinds";

describe("credit amounts", () => {
  it.each([
    ["12.50", false, true],
    ["0.000001", false, true],
    ["0", false, false],
    ["0.00", false, false],
    ["-5", false, false],
    ["-5", true, true],
    ["1.1234567", false, false],
    ["1e3", false, false],
    ["12,50", false, false],
    ["1234567890123", false, false],
  ])("%s (negative allowed: %s) is an amount: %s", (text, negative, expected) => {
    expect(isAmount(text, negative)).toBe(expected);
  });
});
