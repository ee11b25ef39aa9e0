import type { Role } from "./roles";

/** The sections of the signed-in app. Each one is a page (or a page and its detail pages). */
export type Section =
  | "dashboard"
  | "liveCalls"
  | "cdrs"
  | "cdrSummary"
  | "trunkErrors"
  | "users"
  | "balance"
  | "invoices"
  | "billingRuns"
  | "services"
  | "invoicingProfile"
  | "mailTemplates"
  | "payments"
  | "vouchers"
  | "sipUsers"
  | "rateDecks"
  | "plans"
  | "clientRates"
  | "quote"
  | "destinations"
  | "destinationGroups"
  | "trunks"
  | "trunkGroups"
  | "profile"
  | "preferences"
  | "apiKeys"
  | "audit";

export interface NavItem {
  section: Section;
  label: string;
  /** A role's own wording of the label ("My calls" for a client). */
  labels?: Partial<Record<Role, string>>;
  to:
    | "/"
    | "/calls/live"
    | "/cdrs"
    | "/cdrs/summary"
    | "/cdrs/trunk-errors"
    | "/users"
    | "/balance"
    | "/invoices"
    | "/billing-runs"
    | "/services"
    | "/invoicing-profile"
    | "/mail-templates"
    | "/payments"
    | "/vouchers"
    | "/sip-users"
    | "/rates"
    | "/plans"
    | "/client-rates"
    | "/quote"
    | "/destinations"
    | "/destination-groups"
    | "/trunks"
    | "/trunk-groups"
    | "/profile"
    | "/preferences"
    | "/api-keys"
    | "/audit";
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ["superadmin", "admin", "reseller", "client"];
/** Who manages clients: rates, plans and credit are theirs (a client is refused by the API). */
const MANAGERS: readonly Role[] = ["superadmin", "admin", "reseller"];
/** Carriers are the operator's: trunks and trunk groups. */
const OPERATORS: readonly Role[] = ["superadmin", "admin"];

/**
 * The navigation, in order, and the one table of which role may open which section: the shell
 * shows only the items of the signed-in role, and a page of another section answers
 * "not allowed" (the API refuses those requests too).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { section: "dashboard", label: "Dashboard", to: "/", roles: EVERYONE },
  { section: "liveCalls", label: "Live calls", to: "/calls/live", roles: EVERYONE },
  { section: "cdrs", label: "Call records", labels: { client: "My calls" }, to: "/cdrs", roles: EVERYONE },
  { section: "cdrSummary", label: "Call summary", to: "/cdrs/summary", roles: EVERYONE },
  { section: "trunkErrors", label: "Trunk errors", to: "/cdrs/trunk-errors", roles: OPERATORS },
  { section: "users", label: "Users", to: "/users", roles: MANAGERS },
  { section: "balance", label: "My balance", to: "/balance", roles: ["client"] },
  { section: "invoices", label: "Invoices", labels: { client: "My invoices" }, to: "/invoices", roles: EVERYONE },
  { section: "billingRuns", label: "Billing runs", to: "/billing-runs", roles: MANAGERS },
  { section: "payments", label: "Payments", to: "/payments", roles: MANAGERS },
  { section: "services", label: "Services", to: "/services", roles: MANAGERS },
  { section: "vouchers", label: "Vouchers", to: "/vouchers", roles: MANAGERS },
  { section: "sipUsers", label: "SIP users", to: "/sip-users", roles: EVERYONE },
  { section: "rateDecks", label: "Rate decks", to: "/rates", roles: MANAGERS },
  { section: "plans", label: "Plans", to: "/plans", roles: MANAGERS },
  { section: "clientRates", label: "Client rates", to: "/client-rates", roles: MANAGERS },
  { section: "quote", label: "Call quote", to: "/quote", roles: MANAGERS },
  { section: "destinations", label: "Destinations", to: "/destinations", roles: MANAGERS },
  { section: "destinationGroups", label: "Destination groups", to: "/destination-groups", roles: MANAGERS },
  { section: "trunks", label: "Trunks", to: "/trunks", roles: OPERATORS },
  { section: "trunkGroups", label: "Trunk groups", to: "/trunk-groups", roles: OPERATORS },
  { section: "invoicingProfile", label: "Invoicing profile", to: "/invoicing-profile", roles: MANAGERS },
  // The alerts' wording: an admin's is the platform's, a reseller's its clients' (docs/alerts.md).
  { section: "mailTemplates", label: "Mail templates", to: "/mail-templates", roles: MANAGERS },
  { section: "audit", label: "Audit log", to: "/audit", roles: MANAGERS },
  { section: "apiKeys", label: "API keys", to: "/api-keys", roles: EVERYONE },
  { section: "preferences", label: "My preferences", to: "/preferences", roles: ["client"] },
  { section: "profile", label: "My profile", to: "/profile", roles: EVERYONE },
];

/** The items `role` may use, in navigation order and in the role's wording; only sections in
 * `available` (the pages this build has) are listed, so the navigation never has a dead link. */
export function navigationFor(role: Role, available?: ReadonlySet<Section>): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => item.roles.includes(role) && (available === undefined || available.has(item.section)),
  ).map((item) => ({ ...item, label: item.labels?.[role] ?? item.label }));
}

/** The item a path belongs to: the longest `to` that is the path or a parent of it
 * (so /cdrs/summary is "Call summary", not "Call records"). */
export function activeItem(items: readonly NavItem[], pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const matches = item.to === "/" ? pathname === "/" : pathname === item.to || pathname.startsWith(`${item.to}/`);
    if (matches && (best === undefined || item.to.length > best.to.length)) best = item;
  }
  return best;
}

export function canAccess(role: Role, section: Section): boolean {
  return NAV_ITEMS.some((item) => item.section === section && item.roles.includes(role));
}
