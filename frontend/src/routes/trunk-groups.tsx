import { Box, Button, Group } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { TrunkGroup } from "@/features/telephony/api/telephony";
import { TrunkGroupFormModal } from "@/features/telephony/components/TrunkGroupFormModal";
import { TrunkGroupsTable } from "@/features/telephony/components/TrunkGroupsTable";
import { useDeleteTrunkGroup, useTrunkGroups, useTrunks } from "@/features/telephony/hooks/useTelephony";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";

import { appRoute } from "./_app";

export const trunkGroupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/trunk-groups",
  validateSearch: (search: Record<string, unknown>): { page?: number; search?: string } => ({
    page: pageParam(search.page),
    search: textParam(search.search, 100),
  }),
  component: () => (
    <RequireSection section="trunkGroups">
      <TrunkGroupsPage />
    </RequireSection>
  ),
});

function DeleteGroup({ group, onClose }: { group: TrunkGroup | null; onClose: () => void }) {
  const remove = useDeleteTrunkGroup();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal opened={group !== null} title="Delete trunk group" confirmLabel="Delete group" loading={remove.isPending} error={remove.error} onClose={close} onConfirm={() => group && remove.mutate(group.id, { onSuccess: close })}>
      Delete <b>{group?.name}</b>? Its trunks stay.
    </ConfirmModal>
  );
}

function TrunkGroupsPage() {
  useDocumentTitle(`Trunk groups · ${BRAND_NAME}`);
  const search = trunkGroupsRoute.useSearch();
  const navigate = useNavigate({ from: trunkGroupsRoute.fullPath });
  const [editing, setEditing] = useState<TrunkGroup | null | "new">(null);
  const [deleting, setDeleting] = useState<TrunkGroup | null>(null);
  const groups = useTrunkGroups({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search });
  const trunkList = useTrunks({ limit: 200, offset: 0 });
  const trunks = useMemo(() => new Map((trunkList.data?.items ?? []).map((trunk) => [trunk.id, trunk])), [trunkList.data]);

  return (
    <>
      <PageHeader
        title="Trunk groups"
        description="Trunks tried one after the other when a call fails"
        actions={
          <Button onClick={() => setEditing("new")} data-testid="new-trunk-group">
            New trunk group
          </Button>
        }
      />
      <Group mb="md">
        <SearchInput label="Search" placeholder="Group name" value={search.search} onCommit={(value) => void navigate({ search: { search: value }, replace: true })} style={{ flex: "1 1 220px" }} />
      </Group>
      {groups.isPending ? (
        <LoadingState />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.total === 0 ? (
        <EmptyState title={search.search ? "No group matches" : "No trunk groups yet"} description={search.search ? "Change or clear the search." : "Group trunks to fail over from one carrier to the next."} />
      ) : (
        <Box opacity={groups.isPlaceholderData ? 0.6 : 1}>
          <TrunkGroupsTable groups={groups.data.items} trunks={trunks} onEdit={setEditing} onDelete={setDeleting} />
          <PaginationBar page={search.page ?? 1} total={groups.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      <TrunkGroupFormModal opened={editing !== null} group={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      <DeleteGroup group={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
