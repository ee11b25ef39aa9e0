import type { components } from "@/generated/api";

export type Role = components["schemas"]["Role"];

export const ROLES: readonly Role[] = ["superadmin", "admin", "reseller", "client"];

export const ROLE_LABELS: Record<Role, string> = {
  superadmin: "Superadmin",
  admin: "Admin",
  reseller: "Reseller",
  client: "Client",
};

/**
 * Which roles a role may create and manage — the API's rule (docs/access.md), mirrored so forms
 * offer only what will be accepted. The API enforces it regardless.
 */
export const MANAGEABLE_ROLES: Record<Role, readonly Role[]> = {
  superadmin: ["superadmin", "admin", "reseller", "client"],
  admin: ["reseller", "client"],
  reseller: ["client"],
  client: [],
};

export function isStaff(role: Role): boolean {
  return role === "superadmin" || role === "admin";
}

export const USER_STATUSES = ["active", "suspended", "blocked"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === "string" && (USER_STATUSES as readonly string[]).includes(value);
}
