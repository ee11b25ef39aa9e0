import { afterEach, describe, expect, it, vi } from "vitest";

import { isUuid, uuid4 } from "./ids";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuid4", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("makes distinct version-4 UUIDs", () => {
    const a = uuid4();
    expect(a).toMatch(V4);
    expect(uuid4()).not.toBe(a);
  });

  it("works without crypto.randomUUID (plain http on a LAN address)", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: <T extends ArrayBufferView>(array: T) => real.getRandomValues(array) });
    const made = new Set(Array.from({ length: 50 }, () => uuid4()));
    expect(made.size).toBe(50);
    for (const id of made) expect(id).toMatch(V4);
  });
});

describe("isUuid", () => {
  it("accepts the API's ids and nothing else", () => {
    expect(isUuid("0193a5e4-7c1e-7d2a-9f00-0123456789ab")).toBe(true);
    expect(isUuid("0193a5e4-7c1e-7d2a-9f00-0123456789a")).toBe(false);
    expect(isUuid("<script>")).toBe(false);
  });
});
