import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createService,
  createSubscription,
  deleteService,
  deleteSubscription,
  listServices,
  listSubscriptions,
  updateService,
  updateSubscription,
  type ServicePatch,
  type ServiceWrite,
  type SubscriptionPatch,
  type SubscriptionWrite,
} from "../api/catalogue";

const SERVICES = ["services"] as const;
const SUBSCRIPTIONS = ["subscriptions"] as const;

export function useServices(query: { limit: number; offset: number; active?: boolean }) {
  return useQuery({ queryKey: [...SERVICES, query], queryFn: () => listServices(query), placeholderData: keepPreviousData });
}

export function useSaveService(serviceId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceWrite | ServicePatch) => (serviceId === null ? createService(body as ServiceWrite) : updateService(serviceId, body as ServicePatch)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SERVICES }),
  });
}

export function useDeleteService() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteService, onSuccess: () => queryClient.invalidateQueries({ queryKey: SERVICES }) });
}

export function useSubscriptions(query: { client_id?: string; limit: number; offset: number }) {
  return useQuery({ queryKey: [...SUBSCRIPTIONS, query], queryFn: () => listSubscriptions(query), placeholderData: keepPreviousData });
}

export function useCreateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: SubscriptionWrite) => createSubscription(body), onSuccess: () => queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS }) });
}

export function useUpdateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SubscriptionPatch }) => updateSubscription(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS }),
  });
}

export function useDeleteSubscription() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteSubscription, onSuccess: () => queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS }) });
}
