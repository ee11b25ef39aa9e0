import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createDeck,
  getDeck,
  getJob,
  importRates,
  listDecks,
  listRates,
  listVersions,
  type DeckCreate,
  type DeckQuery,
  type ImportRequest,
  type Job,
  type RateQuery,
} from "../api/decks";

export const DECKS = ["rate-decks"] as const;

export function useDeckList(query: DeckQuery) {
  return useQuery({ queryKey: [...DECKS, "list", query], queryFn: () => listDecks(query), placeholderData: keepPreviousData });
}

export function useDeck(deckId: string) {
  return useQuery({ queryKey: [...DECKS, "detail", deckId], queryFn: () => getDeck(deckId) });
}

export function useDeckVersions(deckId: string) {
  return useQuery({ queryKey: [...DECKS, "versions", deckId], queryFn: () => listVersions(deckId) });
}

export function useRates(deckId: string, query: RateQuery) {
  return useQuery({
    queryKey: [...DECKS, "rates", deckId, query],
    queryFn: () => listRates(deckId, query),
    placeholderData: keepPreviousData,
  });
}

export function useCreateDeck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeckCreate) => createDeck(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DECKS }),
  });
}

export function useImportRates(deckId: string) {
  return useMutation({ mutationFn: (request: ImportRequest) => importRates(deckId, request) });
}

export function isJobFinished(job: Job): boolean {
  return job.status === "succeeded" || job.status === "failed";
}

/** Polls a job every half second until it has finished; then refreshes the deck's data. */
export function useJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ["jobs", jobId],
    queryFn: async () => {
      const job = await getJob(jobId as string);
      if (isJobFinished(job)) await queryClient.invalidateQueries({ queryKey: DECKS });
      return job;
    },
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && isJobFinished(query.state.data) ? false : 500),
  });
}
