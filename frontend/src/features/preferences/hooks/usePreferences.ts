import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { getPreferences, updatePreferences, type PreferencesUpdate } from "../api/preferences";

const PREFERENCES = ["preferences"] as const;

export function usePreferences(userId: string) {
  return useQuery({ queryKey: [...PREFERENCES, userId], queryFn: () => getPreferences(userId) });
}

export function useUpdatePreferences(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesUpdate) => updatePreferences(userId, body),
    onSuccess: (preferences) => {
      queryClient.setQueryData([...PREFERENCES, userId], preferences);
      // The low-credit threshold is also one of the billing terms.
      return queryClient.invalidateQueries({ queryKey: ["billing", userId] });
    },
  });
}
