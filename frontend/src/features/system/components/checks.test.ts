import { describe, expect, it } from "vitest";

import { checkLabel, ordered } from "./checks";

describe("checkLabel", () => {
  it("names known checks and makes any other readable", () => {
    expect(checkLabel("postgres")).toBe("PostgreSQL");
    expect(checkLabel("worker")).toBe("Workers");
    expect(checkLabel("agi_gateway")).toBe("Agi gateway");
    expect(checkLabel("sip-proxy")).toBe("Sip proxy");
  });
});

describe("ordered", () => {
  it("puts the known checks first, then the rest by name", () => {
    const names = ordered({ zeta: 1, agi: 2, worker: 3, postgres: 4 }).map(([name]) => name);
    expect(names).toEqual(["postgres", "worker", "agi", "zeta"]);
  });
});
