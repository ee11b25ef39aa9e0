import { Badge, Box, Button, Code, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";
import { Money } from "@/components/Money";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { offsetOf, PAGE_SIZE } from "@/lib/search";

import type { CustomRate } from "../api/clientRates";
import { useCustomRates, useDeleteCustomRate } from "../hooks/useClientRates";
import { CustomRateModal } from "./CustomRateModal";

function CustomRatesTable({ rates, currency, onDelete }: { rates: readonly CustomRate[]; currency: string; onDelete: (rate: CustomRate) => void }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="custom-rates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Destination</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th visibleFrom="sm">Blocks</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rates.map((rate) => (
            <Table.Tr key={rate.id}>
              <Table.Td>
                <Code>{rate.prefix}</Code>
              </Table.Td>
              <Table.Td>
                {rate.destination || "—"}{" "}
                {!rate.allowed ? (
                  <Badge size="xs" color="red" variant="light">
                    blocked
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={rate.flat_price ?? rate.rate_per_minute} currency={currency} exact size="sm" />
                <Text span size="xs" c="dimmed">
                  {rate.flat_price !== null ? " /call" : " /min"}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                {rate.initial_block}/{rate.increment} s
              </Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(rate)}>
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

/** A client's custom rates: list, add, delete. */
export function CustomRatesPanel({ clientId, currency, page, onPageChange }: { clientId: string; currency: string; page: number | undefined; onPageChange: (page: number) => void }) {
  const rates = useCustomRates({ client_id: clientId, limit: PAGE_SIZE, offset: offsetOf(page) });
  const [adding, add] = useDisclosure(false);
  const [deleting, setDeleting] = useState<CustomRate | null>(null);
  const remove = useDeleteCustomRate();
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  return (
    <Box>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          A custom rate wins over the client's plan for its prefix.
        </Text>
        <Button size="sm" onClick={add.open} data-testid="new-custom-rate">
          New custom rate
        </Button>
      </Group>
      {rates.isPending ? (
        <LoadingState />
      ) : rates.isError ? (
        <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />
      ) : rates.data.total === 0 ? (
        <EmptyState title="No custom rates" description="This client pays its plan's prices everywhere." />
      ) : (
        <Box opacity={rates.isPlaceholderData ? 0.6 : 1}>
          <CustomRatesTable rates={rates.data.items} currency={currency} onDelete={setDeleting} />
          <PaginationBar page={page ?? 1} total={rates.data.total} pageSize={PAGE_SIZE} onChange={onPageChange} />
        </Box>
      )}
      <CustomRateModal clientId={clientId} opened={adding} onClose={add.close} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete custom rate"
        confirmLabel="Delete rate"
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        Delete the custom rate for prefix <b>{deleting?.prefix}</b>? Calls there go back to the plan's price.
      </ConfirmModal>
    </Box>
  );
}
