import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyCreate, type ApiKeyQuery } from "../api/apiKeys";

const KEYS = ["api-keys"] as const;

export function useApiKeyList(query: ApiKeyQuery) {
  return useQuery({ queryKey: [...KEYS, query], queryFn: () => listApiKeys(query), placeholderData: keepPreviousData });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => createApiKey(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKeyId: string) => revokeApiKey(apiKeyId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
}
