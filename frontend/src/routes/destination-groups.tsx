import { Box, Button, Group } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { DestinationGroup } from "@/features/destinations/api/destinations";
import { GroupFormModal } from "@/features/destinations/components/GroupFormModal";
import { GroupsTable } from "@/features/destinations/components/GroupsTable";
import { useDeleteGroup, useGroups } from "@/features/destinations/hooks/useDestinations";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";

import { appRoute } from "./_app";

export const destinationGroupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/destination-groups",
  validateSearch: (search: Record<string, unknown>): { page?: number; search?: string } => ({
    page: pageParam(search.page),
    search: textParam(search.search),
  }),
  component: () => (
    <RequireSection section="destinationGroups">
      <DestinationGroupsPage />
    </RequireSection>
  ),
});

function DeleteGroup({ group, onClose }: { group: DestinationGroup | null; onClose: () => void }) {
  const remove = useDeleteGroup();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal opened={group !== null} title="Delete destination group" confirmLabel="Delete group" loading={remove.isPending} error={remove.error} onClose={close} onConfirm={() => group && remove.mutate(group.id, { onSuccess: close })}>
      Delete <b>{group?.name}</b>? Clients blocked from it are no longer blocked by it.
    </ConfirmModal>
  );
}

/** Named sets of prefixes ("UK mobile", "Premium") that clients can be blocked from. */
function DestinationGroupsPage() {
  useDocumentTitle(`Destination groups · ${BRAND_NAME}`);
  const search = destinationGroupsRoute.useSearch();
  const navigate = useNavigate({ from: destinationGroupsRoute.fullPath });
  const [editing, setEditing] = useState<DestinationGroup | null | "new">(null);
  const [deleting, setDeleting] = useState<DestinationGroup | null>(null);
  const groups = useGroups({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search });

  return (
    <>
      <PageHeader
        title="Destination groups"
        description="Named sets of prefixes; a client can be blocked from a group on its billing tab"
        actions={
          <Button onClick={() => setEditing("new")} data-testid="new-destination-group">
            New group
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
        <EmptyState title={search.search ? "No group matches" : "No destination groups yet"} description={search.search ? "Change or clear the search." : "Group prefixes such as UK mobile (447) to block them for a client."} />
      ) : (
        <Box opacity={groups.isPlaceholderData ? 0.6 : 1}>
          <GroupsTable groups={groups.data.items} onEdit={setEditing} onDelete={setDeleting} />
          <PaginationBar page={search.page ?? 1} total={groups.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      <GroupFormModal opened={editing !== null} group={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      <DeleteGroup group={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
