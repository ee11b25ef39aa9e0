import { describe, expect, it } from "vitest";

import { sumDecimals } from "./decimal";

describe("sumDecimals", () => {
  it("adds exactly, keeping the longest fraction", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["12.345600", "0.0001"])).toBe("12.345700");
    expect(sumDecimals(["99999999999.999999", "0.000001"])).toBe("100000000000.000000");
  });

  it("handles signs, zero and nothing", () => {
    expect(sumDecimals(["-1.50", "1"])).toBe("-0.50");
    expect(sumDecimals(["-1", "1"])).toBe("0");
    expect(sumDecimals([])).toBe("0");
  });
});
