import { Box } from "@mantine/core";

import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { offsetOf, PAGE_SIZE } from "@/lib/search";

import type { AuditQuery } from "../api/audit";
import { useAuditEntries } from "../hooks/useAuditEntries";
import { AuditTable } from "./AuditTable";

/** One page of the audit log for a filter, with its loading, empty and error states. */
export function AuditLog({
  filter,
  page,
  onPageChange,
  timeZone,
  currentUserId,
  showObject = true,
}: {
  filter: Omit<AuditQuery, "limit" | "offset">;
  page: number | undefined;
  onPageChange: (page: number) => void;
  timeZone: string;
  currentUserId: string;
  showObject?: boolean;
}) {
  const entries = useAuditEntries({ ...filter, limit: PAGE_SIZE, offset: offsetOf(page) });
  if (entries.isPending) return <LoadingState />;
  if (entries.isError) return <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />;
  if (entries.data.total === 0) return <EmptyState title="No changes recorded" description="Changes show up here as soon as someone makes one." />;
  return (
    <Box opacity={entries.isPlaceholderData ? 0.6 : 1}>
      <AuditTable entries={entries.data.items} timeZone={timeZone} currentUserId={currentUserId} showObject={showObject} />
      <PaginationBar page={page ?? 1} total={entries.data.total} pageSize={PAGE_SIZE} onChange={onPageChange} />
    </Box>
  );
}
