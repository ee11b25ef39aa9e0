import { describe, expect, it } from "vitest";

import { activeItem, canAccess, navigationFor, type Section } from "./navigation";

const labels = (items: { label: string }[]) => items.map((item) => item.label);

describe("role-based navigation", () => {
  const BILLING = ["Invoices", "Billing runs", "Payments", "Services", "Vouchers"];
  const MANAGING = ["Rate decks", "Plans", "Client rates", "Call quote", "Destinations", "Destination groups"];

  it("gives staff every section but a client's own balance", () => {
    for (const role of ["superadmin", "admin"] as const) {
      expect(labels(navigationFor(role))).toEqual([
        "Dashboard",
        "Live calls",
        "Call records",
        "Call summary",
        "Trunk errors",
        "Users",
        ...BILLING,
        "SIP users",
        ...MANAGING,
        "Trunks",
        "Trunk groups",
        "Invoicing profile",
        "Mail templates",
        "Audit log",
        "API keys",
        "My profile",
      ]);
    }
  });

  it("gives a reseller its clients, rates and the audit log, but no carriers", () => {
    expect(labels(navigationFor("reseller"))).toEqual(["Dashboard", "Live calls", "Call records", "Call summary", "Users", ...BILLING, "SIP users", ...MANAGING, "Invoicing profile", "Mail templates", "Audit log", "API keys", "My profile"]);
    expect(canAccess("reseller", "trunks")).toBe(false);
    expect(canAccess("reseller", "trunkErrors")).toBe(false);
  });

  it("never shows a client the admin navigation", () => {
    expect(labels(navigationFor("client"))).toEqual(["Dashboard", "Live calls", "My calls", "Call summary", "My balance", "My invoices", "SIP users", "API keys", "My preferences", "My profile"]);
    for (const section of ["trunkErrors", "billingRuns", "payments", "vouchers", "services", "invoicingProfile", "users", "audit", "rateDecks", "plans", "clientRates", "quote", "destinations", "destinationGroups", "trunks", "trunkGroups", "mailTemplates"] as const) {
      expect(canAccess("client", section)).toBe(false);
    }
    expect(canAccess("client", "profile")).toBe(true);
    expect(canAccess("client", "balance")).toBe(true);
    expect(canAccess("admin", "balance")).toBe(false);
    expect(canAccess("client", "preferences")).toBe(true);
    expect(canAccess("admin", "preferences")).toBe(false);
    expect(canAccess("client", "cdrs")).toBe(true);
  });

  it("marks the most specific item of a path as active", () => {
    const items = navigationFor("admin");
    expect(activeItem(items, "/cdrs/summary")?.section).toBe("cdrSummary");
    expect(activeItem(items, "/cdrs/trunk-errors")?.section).toBe("trunkErrors");
    expect(activeItem(items, "/cdrs")?.section).toBe("cdrs");
    expect(activeItem(items, "/users/abc")?.section).toBe("users");
    expect(activeItem(items, "/")?.section).toBe("dashboard");
    expect(activeItem(items, "/nowhere")).toBeUndefined();
  });

  it("lists only the sections this build has, so no link is dead", () => {
    const available = new Set<Section>(["dashboard", "users", "profile"]);
    expect(labels(navigationFor("admin", available))).toEqual(["Dashboard", "Users", "My profile"]);
  });
});
