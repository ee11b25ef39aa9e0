import { describe, expect, it } from "vitest";

import { canAccess, navigationFor, type Section } from "./navigation";

const labels = (items: { label: string }[]) => items.map((item) => item.label);

describe("role-based navigation", () => {
  it("gives staff every section", () => {
    for (const role of ["superadmin", "admin"] as const) {
      expect(labels(navigationFor(role))).toEqual(["Dashboard", "Users", "Audit log", "API keys", "My profile"]);
    }
  });

  it("gives a reseller its clients and the audit log", () => {
    expect(labels(navigationFor("reseller"))).toEqual(["Dashboard", "Users", "Audit log", "API keys", "My profile"]);
  });

  it("never shows a client the admin navigation", () => {
    expect(labels(navigationFor("client"))).toEqual(["Dashboard", "API keys", "My profile"]);
    expect(canAccess("client", "users")).toBe(false);
    expect(canAccess("client", "audit")).toBe(false);
    expect(canAccess("client", "profile")).toBe(true);
  });

  it("lists only the sections this build has, so no link is dead", () => {
    const available = new Set<Section>(["dashboard", "users", "profile"]);
    expect(labels(navigationFor("admin", available))).toEqual(["Dashboard", "Users", "My profile"]);
  });
});
