import type { Role } from "@/lib/roles";

/** The scopes a key may carry (docs/api-keys.md, `app.lib.access.SCOPES`). */
export const SCOPES = [
  { scope: "users:read", description: "read user accounts within reach" },
  { scope: "users:write", description: "create, change, suspend and delete user accounts within reach" },
  { scope: "profile:write", description: "change one's own settings, limits and preferences" },
  { scope: "api-keys:read", description: "list one's API keys (and OAuth clients)" },
  { scope: "api-keys:write", description: "create and revoke one's API keys and OAuth clients" },
  { scope: "audit:read", description: "read the audit log within reach" },
  { scope: "rates:read", description: "read rate decks, plans and quotes" },
  { scope: "rates:write", description: "change rate decks, plans, custom rates and offers" },
  { scope: "cdrs:read", description: "read and export call records" },
  { scope: "cdrs:write", description: "import, re-rate and delete call records" },
  { scope: "billing:read", description: "read balances, ledgers and invoices" },
  { scope: "billing:write", description: "add credit, payments, vouchers; run billing" },
  { scope: "telephony:read", description: "read SIP users, trunks, DIDs" },
  { scope: "telephony:write", description: "change SIP users, trunks, DIDs" },
  { scope: "calls:read", description: "see live calls" },
] as const;

const CLIENT_SCOPES = new Set([
  "users:read",
  "profile:write",
  "api-keys:read",
  "api-keys:write",
  "audit:read",
  "rates:read",
  "cdrs:read",
  "billing:read",
  "telephony:read",
  "calls:read",
]);

/** The scopes `role` holds, so a key can be given (the API refuses any other with a 422). */
export function scopesFor(role: Role) {
  return role === "client" ? SCOPES.filter((entry) => CLIENT_SCOPES.has(entry.scope)) : [...SCOPES];
}
