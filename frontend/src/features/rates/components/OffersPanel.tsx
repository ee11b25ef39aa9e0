import { Box, Button, Code, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";

import { StatusBadge } from "@/components/Badges";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { formatDateTime } from "@/lib/dates";
import { offsetOf, PAGE_SIZE } from "@/lib/search";

import type { Offer } from "../api/clientRates";
import { useDeleteOffer, useOffers } from "../hooks/useClientRates";
import { OfferModal } from "./OfferModal";
import { OfferUseModal } from "./OfferUseModal";

function offerState(offer: Offer, now: number): string {
  if (Date.parse(offer.expires_at) <= now) return "expired";
  return Date.parse(offer.starts_at) > now ? "scheduled" : "active";
}

function OffersTable({ offers, timeZone, onDelete }: { offers: readonly Offer[]; timeZone: string; onDelete: (offer: Offer) => void }) {
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="offers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th visibleFrom="sm">From</Table.Th>
            <Table.Th>Until</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.map((offer) => (
            <Table.Tr key={offer.id}>
              <Table.Td>
                <Code>{offer.prefix}</Code>
                <Text size="xs" c="dimmed">
                  {offer.destination}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={offerState(offer, now)} />
              </Table.Td>
              <Table.Td visibleFrom="sm">{formatDateTime(offer.starts_at, { timeZone })}</Table.Td>
              <Table.Td>{formatDateTime(offer.expires_at, { timeZone })}</Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(offer)}>
                  Delete
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A client's offers (free calls to a prefix for some days): list, add, delete. */
export function OffersPanel({ clientId, timeZone, page, onPageChange }: { clientId: string; timeZone: string; page: number | undefined; onPageChange: (page: number) => void }) {
  const offers = useOffers({ client_id: clientId, limit: PAGE_SIZE, offset: offsetOf(page) });
  const [adding, add] = useDisclosure(false);
  const [showingUse, showUse] = useDisclosure(false);
  const [deleting, setDeleting] = useState<Offer | null>(null);
  const remove = useDeleteOffer();
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  return (
    <Box>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          Calls under an offer's prefix are free while it runs; no markup applies.
        </Text>
        <Group gap="xs">
          <Button size="sm" variant="default" onClick={showUse.open} data-testid="offer-use">
            Offer use
          </Button>
          <Button size="sm" onClick={add.open} data-testid="new-offer">
            New offer
          </Button>
        </Group>
      </Group>
      {offers.isPending ? (
        <LoadingState />
      ) : offers.isError ? (
        <ErrorState error={offers.error} onRetry={() => void offers.refetch()} />
      ) : offers.data.total === 0 ? (
        <EmptyState title="No offers" description="Give this client free calls to a destination for a while." />
      ) : (
        <Box opacity={offers.isPlaceholderData ? 0.6 : 1}>
          <OffersTable offers={offers.data.items} timeZone={timeZone} onDelete={setDeleting} />
          <PaginationBar page={page ?? 1} total={offers.data.total} pageSize={PAGE_SIZE} onChange={onPageChange} />
        </Box>
      )}
      <OfferModal clientId={clientId} opened={adding} onClose={add.close} />
      <OfferUseModal clientId={clientId} timeZone={timeZone} opened={showingUse} onClose={showUse.close} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete offer"
        confirmLabel="Delete offer"
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        Delete the offer for prefix <b>{deleting?.prefix}</b>?
      </ConfirmModal>
    </Box>
  );
}
