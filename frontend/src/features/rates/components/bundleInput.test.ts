import { describe, expect, it } from "vitest";

import { allowanceLabel, allowanceSeconds, allowanceText, EMPTY_SPECIAL_RATE, parseSpecialPattern, specialRateBody } from "./bundleInput";

describe("allowanceSeconds", () => {
  it("reads minutes, fractions of a minute that are whole seconds, and minutes:seconds", () => {
    expect(allowanceSeconds("240")).toBe(14400);
    expect(allowanceSeconds(" 30 ")).toBe(1800);
    expect(allowanceSeconds("1.5")).toBe(90);
    expect(allowanceSeconds("0.25")).toBe(15);
    expect(allowanceSeconds("1:30")).toBe(90);
    expect(allowanceSeconds("0:45")).toBe(45);
  });

  it("refuses what is not a positive whole number of seconds", () => {
    for (const text of ["", "0", "0:00", "1.33", "-5", "1:60", "1:5", "abc", "1e3", "1,5"]) {
      expect(allowanceSeconds(text), text).toBeNull();
    }
  });

  it("round-trips with the form's text and labels the size", () => {
    for (const seconds of [14400, 90, 45, 61, 1800]) expect(allowanceSeconds(allowanceText(seconds))).toBe(seconds);
    expect(allowanceText(90)).toBe("1:30");
    expect(allowanceLabel(14400)).toBe("240 min");
    expect(allowanceLabel(90)).toBe("1 min 30 s");
    expect(allowanceLabel(45)).toBe("45 s");
    expect(allowanceLabel(6_000_000)).toBe("100,000 min");
  });
});

describe("parseSpecialPattern", () => {
  it("keeps digits and a trailing star, dropping spaces and dashes", () => {
    expect(parseSpecialPattern("1300*")).toEqual({ pattern: "1300*" });
    expect(parseSpecialPattern(" 1300 123 *")).toEqual({ pattern: "1300123*" });
    expect(parseSpecialPattern("1800-555")).toEqual({ pattern: "1800555" });
  });

  it("explains what is wrong with anything else", () => {
    expect(parseSpecialPattern("+611300*")).toEqual({ error: expect.stringContaining("national") });
    expect(parseSpecialPattern("13*00")).toEqual({ error: expect.stringContaining("Digits") });
    expect(parseSpecialPattern("*")).toEqual({ error: expect.stringContaining("Digits") });
    expect(parseSpecialPattern("1".repeat(21))).toEqual({ error: expect.stringContaining("20") });
    expect(parseSpecialPattern("  ")).toEqual({ error: expect.stringContaining("1300*") });
  });
});

describe("specialRateBody", () => {
  it("sends only the per-call price for a flat rule, as the string typed", () => {
    expect(specialRateBody({ ...EMPTY_SPECIAL_RATE, pattern: "1300 *", label: " Info line ", flat_price: " 0.35 " })).toEqual({
      body: { pattern: "1300*", label: "Info line", direction: "outbound", flat_price: "0.35" },
    });
  });

  it("sends the per-minute price and blocks, and no flat price, for a metered rule", () => {
    const draft = { ...EMPTY_SPECIAL_RATE, pattern: "1900", direction: "inbound" as const, pricing: "metered" as const, rate_per_minute: "0.100000", connect_fee: "", initial_block: "30", increment: "6" };
    expect(specialRateBody(draft)).toEqual({
      body: { pattern: "1900", label: "", direction: "inbound", flat_price: null, rate_per_minute: "0.100000", connect_fee: "0", initial_block: 30, increment: 6 },
    });
    const body = specialRateBody({ ...draft, increment: "6.5" });
    expect("body" in body && Number.isNaN(body.body.increment)).toBe(true);
  });

  it("does not build a request with a bad pattern", () => {
    expect(specialRateBody({ ...EMPTY_SPECIAL_RATE, pattern: "+1300" })).toHaveProperty("error");
  });
});
