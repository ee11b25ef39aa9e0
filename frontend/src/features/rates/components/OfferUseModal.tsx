import { Box, Code, Modal, Stack, Switch, Table, Text } from "@mantine/core";
import { useState } from "react";

import { StatusBadge } from "@/components/Badges";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { formatDate } from "@/lib/dates";
import { formatDuration } from "@/lib/duration";
import { offsetOf, PAGE_SIZE } from "@/lib/search";

import type { OfferUse } from "../api/bundles";
import { useOfferUse } from "../hooks/useBundles";

function OfferUseTable({ items, timeZone }: { items: readonly OfferUse[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped verticalSpacing="xs" data-testid="offer-use-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Days left</Table.Th>
            <Table.Th>Calls</Table.Th>
            <Table.Th>Time</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((use) => (
            <Table.Tr key={use.offer_id}>
              <Table.Td>
                <Code>{use.prefix}</Code>
                <Text size="xs" c="dimmed">
                  {use.destination ? `${use.destination} · ` : ""}
                  {formatDate(use.starts_at, { timeZone })} – {formatDate(use.expires_at, { timeZone })}
                </Text>
              </Table.Td>
              <Table.Td>
                {use.active ? (
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {use.days_remaining} of {use.days_total}
                  </Text>
                ) : (
                  <StatusBadge status={use.days_remaining > 0 ? "scheduled" : "expired"} />
                )}
              </Table.Td>
              <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>{use.calls.toLocaleString()}</Table.Td>
              <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>{formatDuration(use.seconds)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** CellHub "Offer Use", read only: each offer of a client, its days left and the calls it made free. */
export function OfferUseModal({ clientId, timeZone, opened, onClose }: { clientId: string; timeZone: string; opened: boolean; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [activeOnly, setActiveOnly] = useState(false);
  const use = useOfferUse({ client_id: clientId, active: activeOnly, limit: PAGE_SIZE, offset: offsetOf(page) }, opened);
  return (
    <Modal opened={opened} onClose={onClose} title="Offer use" size="xl">
      <Stack gap="sm">
        <Switch
          label="Running offers only"
          checked={activeOnly}
          onChange={(e) => {
            setActiveOnly(e.currentTarget.checked);
            setPage(1);
          }}
        />
        {use.isPending ? (
          <LoadingState />
        ) : use.isError ? (
          <ErrorState error={use.error} onRetry={() => void use.refetch()} />
        ) : use.data.total === 0 ? (
          <EmptyState title={activeOnly ? "No offer is running" : "No offers"} />
        ) : (
          <Box opacity={use.isPlaceholderData ? 0.6 : 1}>
            <OfferUseTable items={use.data.items} timeZone={timeZone} />
            <PaginationBar page={page} total={use.data.total} pageSize={PAGE_SIZE} onChange={setPage} />
          </Box>
        )}
      </Stack>
    </Modal>
  );
}
