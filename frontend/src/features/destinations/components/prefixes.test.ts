import { describe, expect, it } from "vitest";

import { parsePrefixes } from "./prefixes";

describe("parsePrefixes", () => {
  it("reads prefixes separated any way, drops a leading + and duplicates, and names the bad ones", () => {
    expect(parsePrefixes("447, 4420\n+447\n\n33x 49;")).toEqual({ prefixes: ["447", "4420", "49"], invalid: ["33x"] });
    expect(parsePrefixes("  ")).toEqual({ prefixes: [], invalid: [] });
  });
});
