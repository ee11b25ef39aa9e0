import type { Role } from "./roles";

/** The sections of the signed-in app. Each one is a page (or a page and its detail pages). */
export type Section = "dashboard" | "users" | "profile" | "apiKeys" | "audit";

export interface NavItem {
  section: Section;
  label: string;
  to: "/" | "/users" | "/profile" | "/api-keys" | "/audit";
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ["superadmin", "admin", "reseller", "client"];

/**
 * The navigation, in order, and the one table of which role may open which section: the shell
 * shows only the items of the signed-in role, and a page of another section answers
 * "not allowed" (the API refuses those requests too).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { section: "dashboard", label: "Dashboard", to: "/", roles: EVERYONE },
  { section: "users", label: "Users", to: "/users", roles: ["superadmin", "admin", "reseller"] },
  { section: "audit", label: "Audit log", to: "/audit", roles: ["superadmin", "admin", "reseller"] },
  { section: "apiKeys", label: "API keys", to: "/api-keys", roles: EVERYONE },
  { section: "profile", label: "My profile", to: "/profile", roles: EVERYONE },
];

/** The items `role` may use, in navigation order; only sections in `available` (the pages
 * this build has) are listed, so the navigation never has a dead link. */
export function navigationFor(role: Role, available?: ReadonlySet<Section>): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => item.roles.includes(role) && (available === undefined || available.has(item.section)),
  );
}

export function canAccess(role: Role, section: Section): boolean {
  return NAV_ITEMS.some((item) => item.section === section && item.roles.includes(role));
}
