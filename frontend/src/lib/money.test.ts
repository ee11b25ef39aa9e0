import { describe, expect, it } from "vitest";

import { decimalToString, isZeroDecimal, parseDecimal, plainDecimal, roundDecimal } from "./decimal";
import { currencyDigits, formatMoney } from "./money";

const round = (text: string, places: number) => decimalToString(roundDecimal(parseDecimal(text), places));

describe("decimal strings", () => {
  it.each([
    ["0.125", 2, "0.13"],
    ["0.124999", 2, "0.12"],
    ["-0.125", 2, "-0.13"],
    ["9.995", 2, "10.00"],
    ["999999999999999999.999", 2, "1000000000000000000.00"],
    ["12.345600", 6, "12.345600"],
    ["-0.001", 2, "0.00"],
    ["7", 2, "7.00"],
    ["0.5", 0, "1"],
  ])("rounds %s to %i places half away from zero: %s", (text, places, expected) => {
    expect(round(text, places)).toBe(expected);
  });

  it.each([
    ["10.0000", "10"],
    ["12.5000", "12.5"],
    ["0.000000", "0"],
    ["-0.050", "-0.05"],
  ])("writes %s plainly as %s", (text, expected) => {
    expect(plainDecimal(text)).toBe(expected);
  });

  it("knows a zero in any spelling", () => {
    expect(isZeroDecimal("0.0000")).toBe(true);
    expect(isZeroDecimal("-0")).toBe(true);
    expect(isZeroDecimal("0.0001")).toBe(false);
  });

  it("rejects what is not a decimal number", () => {
    expect(() => parseDecimal("1e3")).toThrow(RangeError);
    expect(() => parseDecimal("12,50")).toThrow(RangeError);
    expect(() => parseDecimal("")).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats with the locale's symbol, grouping and separator", () => {
    expect(formatMoney("1234567.891", "USD", { locale: "en-US" })).toBe("$1,234,567.89");
    expect(formatMoney("1234567.891", "EUR", { locale: "de-DE" })).toBe("1.234.567,89\u00a0€");
  });

  it("keeps digits a float would lose", () => {
    expect(formatMoney("90071992547409931.23", "USD", { locale: "en-US" })).toBe("$90,071,992,547,409,931.23");
    expect(formatMoney("0.1", "USD", { locale: "en-US", fractionDigits: "exact" })).toBe("$0.10");
  });

  it("shows every significant digit of a rate when asked", () => {
    expect(formatMoney("0.012500", "USD", { locale: "en-US", fractionDigits: "exact" })).toBe("$0.0125");
    expect(formatMoney("0.012500", "USD", { locale: "en-US", fractionDigits: 4 })).toBe("$0.0125");
  });

  it("formats negative amounts, including ones below one unit", () => {
    expect(formatMoney("-0.50", "USD", { locale: "en-US" })).toBe("-$0.50");
    expect(formatMoney("-1234.5", "GBP", { locale: "en-GB" })).toBe("-£1,234.50");
  });

  it("uses the currency's own minor units", () => {
    expect(currencyDigits("JPY", "en-US")).toBe(0);
    expect(formatMoney("1234.5", "JPY", { locale: "en-US" })).toBe("¥1,235");
    expect(formatMoney("1.2345", "KWD", { locale: "en-US" })).toBe("KWD\u00a01.235");
  });
});
