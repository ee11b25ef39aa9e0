import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createVoucherBatch,
  listClientPayments,
  listOpenInvoices,
  listPayments,
  listVoucherBatches,
  recordPayment,
  redeemVoucher,
  reversePayment,
  voucherBatchCsv,
  type PaymentStatus,
  type PaymentWrite,
  type VoucherBatchWrite,
} from "../api/payments";

const PAYMENTS = ["payments"] as const;
const BATCHES = ["voucher-batches"] as const;

export function useClientPayments(userId: string, query: { limit: number; offset: number; status?: PaymentStatus }) {
  return useQuery({ queryKey: [...PAYMENTS, userId, query], queryFn: () => listClientPayments(userId, query), placeholderData: keepPreviousData });
}

export function usePayments(query: Parameters<typeof listPayments>[0]) {
  return useQuery({ queryKey: [...PAYMENTS, "all", query], queryFn: () => listPayments(query), placeholderData: keepPreviousData });
}

export function useOpenInvoices(clientId: string, enabled: boolean) {
  return useQuery({ queryKey: ["invoices", "open", clientId], queryFn: () => listOpenInvoices(clientId), enabled });
}

/** Money moved: the client's balance, ledger, payments and (settled) invoices change. */
function refreshAfterPayment(queryClient: ReturnType<typeof useQueryClient>, userId: string) {
  void queryClient.invalidateQueries({ queryKey: ["billing", userId] });
  void queryClient.invalidateQueries({ queryKey: ["invoices"] });
  return queryClient.invalidateQueries({ queryKey: PAYMENTS });
}

export function useRecordPayment(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentWrite; idempotencyKey: string }) => recordPayment(userId, body, idempotencyKey),
    onSuccess: () => refreshAfterPayment(queryClient, userId),
  });
}

export function useReversePayment(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentId, action, reason }: { paymentId: string; action: "void" | "refund"; reason: string }) => reversePayment(userId, paymentId, action, reason),
    onSuccess: () => refreshAfterPayment(queryClient, userId),
  });
}

export function useVoucherBatches(query: { limit: number; offset: number }) {
  return useQuery({ queryKey: [...BATCHES, query], queryFn: () => listVoucherBatches(query), placeholderData: keepPreviousData });
}

export function useCreateVoucherBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: VoucherBatchWrite; idempotencyKey: string }) => createVoucherBatch(body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: BATCHES }),
  });
}

export function useVoucherCsv() {
  return useMutation({ mutationFn: voucherBatchCsv });
}

export function useRedeemVoucher(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, idempotencyKey }: { code: string; idempotencyKey: string }) => redeemVoucher(code, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing", userId] }),
  });
}
