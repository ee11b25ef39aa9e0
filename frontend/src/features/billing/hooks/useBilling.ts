import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { addCredit, getBilling, getBlockedGroups, listAllowanceBalances, listLedger, updateBilling, type BillingUpdate, type CreditWrite, type LedgerQuery } from "../api/billing";

const BILLING = ["billing"] as const;

export function useBilling(userId: string) {
  return useQuery({ queryKey: [...BILLING, userId, "account"], queryFn: () => getBilling(userId) });
}

export function useLedger(userId: string, query: LedgerQuery) {
  return useQuery({ queryKey: [...BILLING, userId, "ledger", query], queryFn: () => listLedger(userId, query), placeholderData: keepPreviousData });
}

export function useBlockedGroups(userId: string) {
  return useQuery({ queryKey: [...BILLING, userId, "blocked-groups"], queryFn: () => getBlockedGroups(userId) });
}

export function useAddCredit(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreditWrite; idempotencyKey: string }) => addCredit(userId, body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...BILLING, userId] }),
  });
}

export function useUpdateBilling(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BillingUpdate) => updateBilling(userId, body),
    onSuccess: (billing) => {
      queryClient.setQueryData([...BILLING, userId, "account"], billing);
      return queryClient.invalidateQueries({ queryKey: [...BILLING, userId] });
    },
  });
}

export function useAllowanceBalances(userId: string) {
  return useQuery({ queryKey: [...BILLING, userId, "allowances"], queryFn: () => listAllowanceBalances(userId) });
}
