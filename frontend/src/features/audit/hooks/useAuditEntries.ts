import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { listAuditEntries, type AuditQuery } from "../api/audit";

export function useAuditEntries(query: AuditQuery) {
  return useQuery({ queryKey: ["audit", query], queryFn: () => listAuditEntries(query), placeholderData: keepPreviousData });
}
