import { describe, expect, it } from "vitest";

import { listFromText, textFromList } from "./lists";

describe("lists edited as text", () => {
  it("split on lines and commas, trimmed, without empties", () => {
    expect(listFromText(" 203.0.113.0/24\n\n198.51.100.7 , 10.0.0.0/8\n")).toEqual(["203.0.113.0/24", "198.51.100.7", "10.0.0.0/8"]);
    expect(listFromText("   ")).toEqual([]);
  });

  it("round-trip", () => {
    expect(listFromText(textFromList(["1900", "44870"]))).toEqual(["1900", "44870"]);
  });
});
