import { describe, expect, it } from "vitest";

import { sinceLabel } from "./GatewayList";

describe("gateway heartbeat age", () => {
  it("reads in seconds, minutes or hours", () => {
    expect(sinceLabel(12.4)).toBe("12 s ago");
    expect(sinceLabel(-1)).toBe("0 s ago");
    expect(sinceLabel(240)).toBe("4 min ago");
    expect(sinceLabel(7200)).toBe("2 h ago");
  });
});
