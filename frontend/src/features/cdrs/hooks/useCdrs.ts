import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";

import { cdrTrunkErrors, exportCdrs, listCdrs, listFailedCdrs, summarizeCdrs, type CdrQuery, type CdrSelection, type CdrSort, type SummaryBy } from "../api/cdrs";

export function useCdrList(query: CdrQuery, enabled = true, failed = false) {
  return useQuery({ queryKey: ["cdrs", failed ? "failed" : "list", query], queryFn: () => (failed ? listFailedCdrs(query) : listCdrs(query)), placeholderData: keepPreviousData, enabled });
}

export function useTrunkErrors(query: CdrSelection, enabled = true) {
  return useQuery({ queryKey: ["cdrs", "trunk-errors", query], queryFn: () => cdrTrunkErrors(query), placeholderData: keepPreviousData, enabled });
}

export function useCdrSummary(query: CdrSelection & { by: SummaryBy }, enabled = true) {
  return useQuery({ queryKey: ["cdrs", "summary", query], queryFn: () => summarizeCdrs(query), placeholderData: keepPreviousData, enabled });
}

export function useCdrExport() {
  return useMutation({ mutationFn: (query: CdrSelection & { sort?: CdrSort }) => exportCdrs(query) });
}
