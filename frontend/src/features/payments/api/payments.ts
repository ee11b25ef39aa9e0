import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Payment = components["schemas"]["PaymentRead"];
export type PaymentWrite = components["schemas"]["PaymentWrite"];
export type PaymentPage = components["schemas"]["Page_app.payments.schemas.PaymentRead_"];
export type PaymentMethod = PaymentWrite["method"];
export type PaymentStatus = Payment["status"];
export type VoucherBatch = components["schemas"]["BatchRead"];
export type VoucherBatchWrite = components["schemas"]["BatchWrite"];
export type VoucherBatchPage = components["schemas"]["Page_app.vouchers.schemas.BatchRead_"];
export type Redemption = components["schemas"]["RedemptionRead"];

export const METHODS: readonly PaymentMethod[] = ["bank_transfer", "cash", "card", "other"];
export const METHOD_LABELS: Record<Payment["method"], string> = { bank_transfer: "Bank transfer", cash: "Cash", card: "Card", other: "Other", online: "Online" };
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ["completed", "voided", "refunded"];

const ofUser = (userId: string) => ({ user_id: userId });

export async function listClientPayments(userId: string, query: { limit: number; offset: number; status?: PaymentStatus }): Promise<PaymentPage> {
  return expectData(await api.GET("/api/v1/users/{user_id}/payments", { params: { path: ofUser(userId), query } }));
}

export async function listPayments(query: { limit: number; offset: number; status?: PaymentStatus; method?: Payment["method"]; user_id?: string }): Promise<PaymentPage> {
  return expectData(await api.GET("/api/v1/payments", { params: { query } }));
}

/** Record a payment; `idempotencyKey` makes a retry after a lost answer record nothing new. */
export async function recordPayment(userId: string, body: PaymentWrite, idempotencyKey: string): Promise<Payment> {
  return expectData(await api.POST("/api/v1/users/{user_id}/payments", { params: { path: ofUser(userId), header: { "Idempotency-Key": idempotencyKey } }, body }));
}

export async function reversePayment(userId: string, paymentId: string, action: "void" | "refund", reason: string): Promise<Payment> {
  const params = { path: { user_id: userId, payment_id: paymentId } };
  if (action === "void") return expectData(await api.POST("/api/v1/users/{user_id}/payments/{payment_id}/void", { params, body: { reason } }));
  return expectData(await api.POST("/api/v1/users/{user_id}/payments/{payment_id}/refund", { params, body: { reason } }));
}

export async function listVoucherBatches(query: { limit: number; offset: number }): Promise<VoucherBatchPage> {
  return expectData(await api.GET("/api/v1/voucher-batches", { params: { query } }));
}

export async function getVoucherBatch(batchId: string): Promise<VoucherBatch> {
  return expectData(await api.GET("/api/v1/voucher-batches/{batch_id}", { params: { path: { batch_id: batchId } } }));
}

export async function createVoucherBatch(body: VoucherBatchWrite, idempotencyKey: string): Promise<VoucherBatch> {
  return expectData(await api.POST("/api/v1/voucher-batches", { params: { header: { "Idempotency-Key": idempotencyKey } }, body }));
}

export async function voucherBatchCsv(batchId: string): Promise<Blob> {
  const { data, response } = await api.GET("/api/v1/voucher-batches/{batch_id}/vouchers.csv", { params: { path: { batch_id: batchId } }, parseAs: "blob" });
  return expectData({ data: data as Blob | undefined, response });
}

export async function redeemVoucher(code: string, idempotencyKey: string): Promise<Redemption> {
  return expectData(await api.POST("/api/v1/vouchers/redeem", { params: { header: { "Idempotency-Key": idempotencyKey } }, body: { code } }));
}

/** The client's issued, unpaid invoices: what a payment may name. */
export async function listOpenInvoices(clientId: string) {
  return expectData(await api.GET("/api/v1/invoices", { params: { query: { client_id: clientId, status: "issued", kind: "invoice", limit: 100, offset: 0 } } }));
}
