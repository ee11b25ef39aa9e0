import { Box, Button, Group, Select } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { TRUNK_STATUSES, type Trunk } from "@/features/telephony/api/telephony";
import { TrunkFormModal } from "@/features/telephony/components/TrunkFormModal";
import { TrunksTable } from "@/features/telephony/components/TrunksTable";
import { useDeleteTrunk, useTrunks } from "@/features/telephony/hooks/useTelephony";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";

import { appRoute } from "./_app";

export interface TrunksSearch {
  page?: number;
  search?: string;
  status?: (typeof TRUNK_STATUSES)[number];
}

export const trunksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/trunks",
  validateSearch: (search: Record<string, unknown>): TrunksSearch => ({
    page: pageParam(search.page),
    search: textParam(search.search, 100),
    status: choiceParam(search.status, TRUNK_STATUSES),
  }),
  component: () => (
    <RequireSection section="trunks">
      <TrunksPage />
    </RequireSection>
  ),
});

function DeleteTrunk({ trunk, onClose }: { trunk: Trunk | null; onClose: () => void }) {
  const remove = useDeleteTrunk();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal opened={trunk !== null} title="Delete trunk" confirmLabel="Delete trunk" loading={remove.isPending} error={remove.error} onClose={close} onConfirm={() => trunk && remove.mutate(trunk.id, { onSuccess: close })}>
      Delete <b>{trunk?.name}</b>? It leaves its groups, and SIP users pinned to it go back to normal routing.
    </ConfirmModal>
  );
}

function TrunksPage() {
  useDocumentTitle(`Trunks · ${BRAND_NAME}`);
  const search = trunksRoute.useSearch();
  const navigate = useNavigate({ from: trunksRoute.fullPath });
  const [editing, setEditing] = useState<Trunk | null | "new">(null);
  const [deleting, setDeleting] = useState<Trunk | null>(null);
  const trunks = useTrunks({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search, status: search.status });
  const setFilter = (next: Partial<TrunksSearch>) => void navigate({ search: (current) => ({ ...current, ...next, page: undefined }), replace: true });
  const filtered = Boolean(search.search || search.status);

  return (
    <>
      <PageHeader
        title="Trunks"
        description="Carrier routes that outbound calls leave by"
        actions={
          <Button onClick={() => setEditing("new")} data-testid="new-trunk">
            New trunk
          </Button>
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <SearchInput label="Search" placeholder="Trunk name" value={search.search} onCommit={(value) => setFilter({ search: value })} style={{ flex: "1 1 220px" }} />
        <Select label="Status" placeholder="Any status" clearable data={[...TRUNK_STATUSES]} value={search.status ?? null} onChange={(status) => setFilter({ status: choiceParam(status, TRUNK_STATUSES) })} style={{ flex: "0 1 160px" }} />
      </Group>
      {trunks.isPending ? (
        <LoadingState />
      ) : trunks.isError ? (
        <ErrorState error={trunks.error} onRetry={() => void trunks.refetch()} />
      ) : trunks.data.total === 0 ? (
        <EmptyState title={filtered ? "No trunk matches" : "No trunks yet"} description={filtered ? "Change or clear the filters." : "Add the carriers calls leave by."} />
      ) : (
        <Box opacity={trunks.isPlaceholderData ? 0.6 : 1}>
          <TrunksTable trunks={trunks.data.items} onEdit={setEditing} onDelete={setDeleting} />
          <PaginationBar page={search.page ?? 1} total={trunks.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      <TrunkFormModal opened={editing !== null} trunk={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      <DeleteTrunk trunk={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
