import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";

import {
  createSipUser,
  createTrunk,
  createTrunkGroup,
  deleteSipUser,
  deleteTrunk,
  deleteTrunkGroup,
  listSipUsers,
  listTrunkGroups,
  listTrunks,
  rotateSipUserSecret,
  updateSipUser,
  updateTrunk,
  updateTrunkGroup,
  type SipUserCreate,
  type SipUserPatch,
  type SipUserQuery,
  type TrunkGroupQuery,
  type TrunkGroupWrite,
  type TrunkPatch,
  type TrunkQuery,
  type TrunkWrite,
} from "../api/telephony";

const SIP_USERS = ["sip-users"] as const;
const TRUNKS = ["trunks"] as const;
const TRUNK_GROUPS = ["trunk-groups"] as const;

/** A mutation that refreshes the lists under `key` when it succeeds. */
function useChange<A, R>(key: QueryKey, run: (argument: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useSipUsers(query: SipUserQuery) {
  return useQuery({ queryKey: [...SIP_USERS, query], queryFn: () => listSipUsers(query), placeholderData: keepPreviousData });
}

export const useCreateSipUser = () => useChange(SIP_USERS, (body: SipUserCreate) => createSipUser(body));
export const useUpdateSipUser = () => useChange(SIP_USERS, ({ id, body }: { id: string; body: SipUserPatch }) => updateSipUser(id, body));
export const useRotateSipSecret = () => useChange(SIP_USERS, (id: string) => rotateSipUserSecret(id));
export const useDeleteSipUser = () => useChange(SIP_USERS, (id: string) => deleteSipUser(id));

export function useTrunks(query: TrunkQuery, enabled = true) {
  return useQuery({ queryKey: [...TRUNKS, query], queryFn: () => listTrunks(query), placeholderData: keepPreviousData, enabled });
}

export const useCreateTrunk = () => useChange(TRUNKS, (body: TrunkWrite) => createTrunk(body));
export const useUpdateTrunk = () => useChange(TRUNKS, ({ id, body }: { id: string; body: TrunkPatch }) => updateTrunk(id, body));
export const useDeleteTrunk = () => useChange(TRUNKS, (id: string) => deleteTrunk(id));

export function useTrunkGroups(query: TrunkGroupQuery) {
  return useQuery({ queryKey: [...TRUNK_GROUPS, query], queryFn: () => listTrunkGroups(query), placeholderData: keepPreviousData });
}

export const useCreateTrunkGroup = () => useChange(TRUNK_GROUPS, (body: TrunkGroupWrite) => createTrunkGroup(body));
export const useUpdateTrunkGroup = () => useChange(TRUNK_GROUPS, ({ id, body }: { id: string; body: Partial<TrunkGroupWrite> }) => updateTrunkGroup(id, body));
export const useDeleteTrunkGroup = () => useChange(TRUNK_GROUPS, (id: string) => deleteTrunkGroup(id));
