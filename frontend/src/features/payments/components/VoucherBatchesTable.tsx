import { Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";
import { formatDate, formatDateTime } from "@/lib/dates";

import type { VoucherBatch } from "../api/payments";
import { VoucherCsvButton } from "./VoucherCsvButton";

export function VoucherBatchesTable({ batches, timeZone }: { batches: VoucherBatch[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table striped verticalSpacing="xs" data-testid="voucher-batches-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Created</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th ta="right">Value each</Table.Th>
            <Table.Th ta="right">Redeemed</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((batch) => (
            <Table.Tr key={batch.id} data-testid="voucher-batch-row">
              <Table.Td>
                <Text size="sm">{formatDateTime(batch.created_at, { timeZone })}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {batch.prefix || "—"}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={batch.value} currency={batch.currency} size="sm" />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" data-testid="voucher-redeemed">
                  {batch.redeemed} of {batch.count}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{batch.expires_at ? formatDate(batch.expires_at, { timeZone }) : "never"}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {batch.note ?? ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <VoucherCsvButton batchId={batch.id} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
