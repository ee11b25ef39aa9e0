import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { changePassword, getMe, updateMe, type ProfileUpdate } from "../api/profile";

const ME = ["profile", "me"] as const;

export function useMe() {
  return useQuery({ queryKey: ME, queryFn: getMe });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => updateMe(body),
    onSuccess: (profile) => queryClient.setQueryData(ME, profile),
  });
}

export function useChangePassword(email: string) {
  return useMutation({
    mutationFn: ({ current, next }: { current: string; next: string }) => changePassword(email, current, next),
  });
}
