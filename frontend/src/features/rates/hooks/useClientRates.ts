import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createCustomRate,
  createOffer,
  deleteCustomRate,
  deleteOffer,
  getClient,
  listCustomRates,
  listOffers,
  type CustomRateQuery,
  type CustomRateWrite,
  type OfferQuery,
  type OfferWrite,
} from "../api/clientRates";
import { quoteCall, type QuoteRequest } from "../api/quote";

const CUSTOM_RATES = ["custom-rates"] as const;
const OFFERS = ["offers"] as const;

export function useCustomRates(query: CustomRateQuery) {
  return useQuery({ queryKey: [...CUSTOM_RATES, query], queryFn: () => listCustomRates(query), placeholderData: keepPreviousData });
}

export function useOffers(query: OfferQuery) {
  return useQuery({ queryKey: [...OFFERS, query], queryFn: () => listOffers(query), placeholderData: keepPreviousData });
}

export function useClient(userId: string | undefined) {
  return useQuery({ queryKey: ["users", "detail", userId], queryFn: () => getClient(userId as string), enabled: userId !== undefined });
}

export function useCreateCustomRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomRateWrite) => createCustomRate(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CUSTOM_RATES }),
  });
}

export function useDeleteCustomRate() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => deleteCustomRate(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: CUSTOM_RATES }) });
}

export function useCreateOffer() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: OfferWrite) => createOffer(body), onSuccess: () => queryClient.invalidateQueries({ queryKey: OFFERS }) });
}

export function useDeleteOffer() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => deleteOffer(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: OFFERS }) });
}

export function useQuote() {
  return useMutation({ mutationFn: (body: QuoteRequest) => quoteCall(body) });
}
