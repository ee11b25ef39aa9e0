import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Billing = components["schemas"]["BillingRead"];
export type BillingUpdate = components["schemas"]["BillingUpdate"];
export type CreditWrite = components["schemas"]["CreditWrite"];
export type LedgerEntry = components["schemas"]["LedgerEntryRead"];
export type LedgerPage = components["schemas"]["Page_app.billing.schemas.LedgerEntryRead_"];
export type LedgerQuery = NonNullable<operations["listLedgerEntries"]["parameters"]["query"]>;
export type LedgerKind = LedgerEntry["kind"];
export type CreditKind = NonNullable<CreditWrite["kind"]>;
export type BlockedGroups = components["schemas"]["BlockedGroupsRead"];

export const LEDGER_KINDS: readonly LedgerKind[] = [
  "credit",
  "payment",
  "voucher",
  "call_charge",
  "usage_charge",
  "recurring_fee",
  "refund",
  "adjustment",
  "periodic_credit",
];

export const CREDIT_KINDS: readonly CreditKind[] = ["credit", "payment", "refund", "adjustment"];

export async function getBilling(userId: string): Promise<Billing> {
  return expectData(await api.GET("/api/v1/users/{user_id}/billing", { params: { path: { user_id: userId } } }));
}

export async function updateBilling(userId: string, body: BillingUpdate): Promise<Billing> {
  return expectData(await api.PATCH("/api/v1/users/{user_id}/billing", { params: { path: { user_id: userId } }, body }));
}

/**
 * Add credit (or a payment, refund, adjustment). `idempotencyKey` makes a retry safe: the
 * server answers a repeated key with the first answer instead of crediting twice.
 */
export async function addCredit(userId: string, body: CreditWrite, idempotencyKey: string): Promise<LedgerEntry> {
  return expectData(
    await api.POST("/api/v1/users/{user_id}/credit", {
      params: { path: { user_id: userId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

export async function listLedger(userId: string, query: LedgerQuery): Promise<LedgerPage> {
  return expectData(await api.GET("/api/v1/users/{user_id}/ledger", { params: { path: { user_id: userId }, query } }));
}

export async function getBlockedGroups(userId: string): Promise<BlockedGroups> {
  return expectData(await api.GET("/api/v1/users/{user_id}/blocked-destination-groups", { params: { path: { user_id: userId } } }));
}

export type AllowanceBalance = components["schemas"]["AllowanceBalance"];

/** The included minutes of the client's plan in the current period: size, used, left. */
export async function listAllowanceBalances(userId: string): Promise<AllowanceBalance[]> {
  return expectData(await api.GET("/api/v1/users/{user_id}/allowances", { params: { path: { user_id: userId } } }));
}
