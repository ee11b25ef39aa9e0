import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { listDecks } from "../api/decks";
import { createPlan, deletePlan, getPlan, listPlans, updatePlan, type PlanPatch, type PlanQuery, type PlanWrite } from "../api/plans";

const PLANS = ["plans"] as const;

export function usePlanList(query: PlanQuery) {
  return useQuery({ queryKey: [...PLANS, "list", query], queryFn: () => listPlans(query), placeholderData: keepPreviousData });
}

export function usePlan(planId: string) {
  return useQuery({ queryKey: [...PLANS, "detail", planId], queryFn: () => getPlan(planId) });
}

/** Every deck within reach (up to 200), for pickers. */
export function useDeckChoices(enabled = true) {
  return useQuery({ queryKey: ["rate-decks", "list", { limit: 200, offset: 0 }], queryFn: () => listDecks({ limit: 200, offset: 0 }), enabled });
}

/** Every plan within reach (up to 200), for pickers. */
export function usePlanChoices(enabled = true) {
  return useQuery({ queryKey: [...PLANS, "list", { limit: 200, offset: 0 }], queryFn: () => listPlans({ limit: 200, offset: 0 }), enabled });
}

export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: PlanWrite) => createPlan(body), onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANS }) });
}

export function useUpdatePlan(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanPatch) => updatePlan(planId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANS }),
  });
}

export function useDeletePlan() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (planId: string) => deletePlan(planId), onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANS }) });
}
