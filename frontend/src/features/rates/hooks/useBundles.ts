import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createAllowance,
  createSpecialRate,
  deleteAllowance,
  deleteSpecialRate,
  listAllowances,
  listOfferUse,
  listSpecialRates,
  updateAllowance,
  type AllowancePatch,
  type AllowanceWrite,
  type OfferUseQuery,
  type SpecialRateWrite,
} from "../api/bundles";

const allowancesKey = (planId: string) => ["plans", planId, "allowances"] as const;
const specialRatesKey = (planId: string) => ["plans", planId, "special-rates"] as const;

export function useAllowances(planId: string) {
  return useQuery({ queryKey: allowancesKey(planId), queryFn: () => listAllowances(planId) });
}

export function useSpecialRates(planId: string) {
  return useQuery({ queryKey: specialRatesKey(planId), queryFn: () => listSpecialRates(planId) });
}

export function useOfferUse(query: OfferUseQuery, enabled = true) {
  return useQuery({ queryKey: ["offer-usage", query], queryFn: () => listOfferUse(query), placeholderData: keepPreviousData, enabled });
}

export function useCreateAllowance(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AllowanceWrite) => createAllowance(planId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: allowancesKey(planId) }),
  });
}

export function useUpdateAllowance(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AllowancePatch }) => updateAllowance(planId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: allowancesKey(planId) }),
  });
}

export function useDeleteAllowance(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteAllowance(planId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: allowancesKey(planId) }),
  });
}

export function useCreateSpecialRate(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SpecialRateWrite) => createSpecialRate(planId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: specialRatesKey(planId) }),
  });
}

export function useDeleteSpecialRate(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSpecialRate(planId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: specialRatesKey(planId) }),
  });
}
