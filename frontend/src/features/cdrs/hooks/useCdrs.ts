import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";

import { exportCdrs, listCdrs, summarizeCdrs, type CdrQuery, type CdrSelection, type CdrSort, type SummaryPeriod } from "../api/cdrs";

export function useCdrList(query: CdrQuery, enabled = true) {
  return useQuery({ queryKey: ["cdrs", "list", query], queryFn: () => listCdrs(query), placeholderData: keepPreviousData, enabled });
}

export function useCdrSummary(query: CdrSelection & { period: SummaryPeriod }, enabled = true) {
  return useQuery({ queryKey: ["cdrs", "summary", query], queryFn: () => summarizeCdrs(query), placeholderData: keepPreviousData, enabled });
}

export function useCdrExport() {
  return useMutation({ mutationFn: (query: CdrSelection & { sort?: CdrSort }) => exportCdrs(query) });
}
