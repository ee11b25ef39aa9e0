import { Badge, Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";
import { formatDateTime } from "@/lib/dates";

import type { LedgerEntry } from "../api/billing";
import { KIND_LABELS } from "./ledgerKinds";

const KIND_COLORS: Partial<Record<LedgerEntry["kind"], string>> = { call_charge: "gray", usage_charge: "gray", recurring_fee: "orange", adjustment: "yellow", refund: "teal" };

export function LedgerTable({ entries, timeZone }: { entries: readonly LedgerEntry[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table striped verticalSpacing="xs" data-testid="ledger-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th visibleFrom="sm">Kind</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              Balance after
            </Table.Th>
            <Table.Th visibleFrom="md">Note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatDateTime(entry.created_at, { timeZone })}
                </Text>
                <Text size="xs" c="dimmed" hiddenFrom="sm">
                  {KIND_LABELS[entry.kind]}
                </Text>
                {entry.note ? (
                  <Text size="xs" c="dimmed" hiddenFrom="md" lineClamp={2}>
                    {entry.note}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Badge variant="light" color={KIND_COLORS[entry.kind] ?? "green"} tt="none">
                  {KIND_LABELS[entry.kind]}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={entry.amount} currency={entry.currency} exact size="sm" fw={600} c={entry.amount.trim().startsWith("-") ? "red.7" : "green.8"} />
              </Table.Td>
              <Table.Td ta="right" visibleFrom="sm">
                <Money amount={entry.balance_after} currency={entry.currency} exact size="sm" />
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Text size="sm" lineClamp={2}>
                  {entry.note ?? "—"}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
