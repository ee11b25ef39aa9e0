import { Box, Button, Group, Select } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { DESTINATION_TYPES, type Destination, type DestinationType } from "@/features/destinations/api/destinations";
import { DestinationFormModal } from "@/features/destinations/components/DestinationFormModal";
import { DestinationsTable } from "@/features/destinations/components/DestinationsTable";
import { ImportDestinationsModal } from "@/features/destinations/components/ImportDestinationsModal";
import { useDeleteDestination, useDestinations } from "@/features/destinations/hooks/useDestinations";
import { BRAND_NAME } from "@/lib/brand";
import { isStaff } from "@/lib/roles";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface DestinationsSearch {
  page?: number;
  search?: string;
  country?: string;
  type?: DestinationType;
}

export const destinationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/destinations",
  validateSearch: (search: Record<string, unknown>): DestinationsSearch => {
    const country = textParam(search.country, 2);
    return {
      page: pageParam(search.page),
      search: textParam(search.search),
      country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
      type: choiceParam(search.type, DESTINATION_TYPES),
    };
  },
  component: () => (
    <RequireSection section="destinations">
      <DestinationsPage />
    </RequireSection>
  ),
});

function DeleteDestination({ destination, onClose }: { destination: Destination | null; onClose: () => void }) {
  const remove = useDeleteDestination();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={destination !== null}
      title="Delete destination"
      confirmLabel="Delete destination"
      loading={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() => destination && remove.mutate(destination.id, { onSuccess: close })}
    >
      Delete <b>{destination?.prefix}</b> ({destination?.name})? Rates keep their own names.
    </ConfirmModal>
  );
}

/** The prefix reference table: admins change it, resellers look it up. */
function DestinationsPage() {
  useDocumentTitle(`Destinations · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const canEdit = isStaff(me.role);
  const search = destinationsRoute.useSearch();
  const navigate = useNavigate({ from: destinationsRoute.fullPath });
  const [editing, setEditing] = useState<Destination | null | "new">(null);
  const [deleting, setDeleting] = useState<Destination | null>(null);
  const [importing, importer] = useDisclosure(false);
  const destinations = useDestinations({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search, country: search.country, type: search.type });
  const setFilter = (next: Partial<DestinationsSearch>) => void navigate({ search: (current) => ({ ...current, ...next, page: undefined }), replace: true });
  const filtered = Boolean(search.search || search.country || search.type);

  return (
    <>
      <PageHeader
        title="Destinations"
        description="Which prefix is which country and kind of number"
        actions={
          canEdit ? (
            <>
              <Button variant="light" onClick={importer.open} data-testid="import-destinations">
                Import CSV
              </Button>
              <Button onClick={() => setEditing("new")} data-testid="new-destination">
                New destination
              </Button>
            </>
          ) : null
        }
      />
      <Group mb="md" gap="sm" align="flex-start" wrap="wrap">
        <SearchInput label="Search" placeholder="Prefix or name" value={search.search} onCommit={(value) => setFilter({ search: value })} style={{ flex: "1 1 220px" }} data-testid="destination-search" />
        <SearchInput
          label="Country"
          placeholder="GB"
          maxLength={2}
          value={search.country}
          onCommit={(value) => setFilter({ country: value && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : undefined })}
          style={{ flex: "0 1 100px" }}
        />
        <Select
          label="Type"
          placeholder="Any"
          clearable
          data={DESTINATION_TYPES.map((value) => ({ value, label: value.replace("_", " ") }))}
          value={search.type ?? null}
          onChange={(value) => setFilter({ type: choiceParam(value, DESTINATION_TYPES) })}
          style={{ flex: "0 1 160px" }}
        />
      </Group>
      {destinations.isPending ? (
        <LoadingState />
      ) : destinations.isError ? (
        <ErrorState error={destinations.error} onRetry={() => void destinations.refetch()} />
      ) : destinations.data.total === 0 ? (
        <EmptyState
          title={filtered ? "No destination matches" : "No destinations yet"}
          description={filtered ? "Change or clear the filters." : canEdit ? "Import a CSV of prefixes or add one." : "An admin loads the prefix table."}
        />
      ) : (
        <Box opacity={destinations.isPlaceholderData ? 0.6 : 1}>
          <DestinationsTable destinations={destinations.data.items} onEdit={canEdit ? setEditing : undefined} onDelete={canEdit ? setDeleting : undefined} />
          <PaginationBar page={search.page ?? 1} total={destinations.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      {canEdit ? (
        <>
          <DestinationFormModal opened={editing !== null} destination={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
          <DeleteDestination destination={deleting} onClose={() => setDeleting(null)} />
          <ImportDestinationsModal opened={importing} onClose={importer.close} />
        </>
      ) : null}
    </>
  );
}
