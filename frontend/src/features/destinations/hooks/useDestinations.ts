import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";

import {
  createDestination,
  createGroup,
  deleteDestination,
  deleteGroup,
  getBlockedGroups,
  importDestinations,
  listDestinations,
  listGroups,
  setBlockedGroups,
  updateDestination,
  updateGroup,
  type DestinationImportMode,
  type DestinationPatch,
  type DestinationQuery,
  type DestinationWrite,
  type GroupPatch,
  type GroupQuery,
  type GroupWrite,
} from "../api/destinations";

const DESTINATIONS = ["destinations"] as const;
const GROUPS = ["destination-groups"] as const;

function useChange<A, R>(key: QueryKey, run: (argument: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useDestinations(query: DestinationQuery) {
  return useQuery({ queryKey: [...DESTINATIONS, query], queryFn: () => listDestinations(query), placeholderData: keepPreviousData });
}

export const useCreateDestination = () => useChange(DESTINATIONS, (body: DestinationWrite) => createDestination(body));
export const useUpdateDestination = () => useChange(DESTINATIONS, ({ id, body }: { id: string; body: DestinationPatch }) => updateDestination(id, body));
export const useDeleteDestination = () => useChange(DESTINATIONS, (id: string) => deleteDestination(id));
export const useImportDestinations = () => useChange(DESTINATIONS, ({ file, mode }: { file: File; mode: DestinationImportMode }) => importDestinations(file, mode));

export function useGroups(query: GroupQuery, enabled = true) {
  return useQuery({ queryKey: [...GROUPS, query], queryFn: () => listGroups(query), placeholderData: keepPreviousData, enabled });
}

export const useCreateGroup = () => useChange(GROUPS, (body: GroupWrite) => createGroup(body));
export const useUpdateGroup = () => useChange(GROUPS, ({ id, body }: { id: string; body: GroupPatch }) => updateGroup(id, body));
export const useDeleteGroup = () => useChange(GROUPS, (id: string) => deleteGroup(id));

/** The same query key as the billing feature's limits card, so both show the same answer. */
const blockedKey = (userId: string) => ["billing", userId, "blocked-groups"] as const;

export function useBlockedGroupIds(userId: string) {
  return useQuery({ queryKey: blockedKey(userId), queryFn: () => getBlockedGroups(userId) });
}

export function useSetBlockedGroups(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groupIds: string[]) => setBlockedGroups(userId, groupIds),
    onSuccess: (answer) => queryClient.setQueryData(blockedKey(userId), answer),
  });
}
