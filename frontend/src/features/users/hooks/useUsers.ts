import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  countUsers,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  type UserCreate,
  type UserListQuery,
  type UserUpdate,
} from "../api/users";

const USERS = ["users"] as const;

export function useUserList(query: UserListQuery) {
  return useQuery({ queryKey: [...USERS, "list", query], queryFn: () => listUsers(query), placeholderData: keepPreviousData });
}

export function useUser(userId: string) {
  return useQuery({ queryKey: [...USERS, "detail", userId], queryFn: () => getUser(userId) });
}

export interface CountSeries {
  label: string;
  query: Omit<UserListQuery, "limit" | "offset">;
}

export function useUserCounts(series: readonly CountSeries[]) {
  return useQueries({
    queries: series.map((entry) => ({
      queryKey: [...USERS, "count", entry.query],
      queryFn: () => countUsers(entry.query),
    })),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => createUser(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserUpdate) => updateUser(userId, body),
    onSuccess: (user) => {
      queryClient.setQueryData([...USERS, "detail", userId], user);
      return queryClient.invalidateQueries({ queryKey: USERS });
    },
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => deleteUser(userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}
