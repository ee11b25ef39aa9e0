import { Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";

import type { SummaryBy, SummaryRow } from "../api/cdrs";

export const BY_LABELS: Record<SummaryBy, string> = { day: "Day", month: "Month", client: "Client", trunk: "Trunk", destination: "Destination", did: "DID" };

/** What a row is about: its label (a client's or trunk's name), else its key; no key is "none". */
function nameOf(row: SummaryRow, by: SummaryBy): string {
  if (row.label) return row.label;
  if (row.key) return row.key;
  return by === "client" ? "Unassigned" : by === "trunk" ? "No trunk" : by === "did" ? "No DID" : "Unknown";
}

/** Busiest first: the summary's rows (one per key and currency) by calls. */
export function sortedRows(rows: readonly SummaryRow[]): SummaryRow[] {
  return [...rows].sort((a, b) => b.calls - a.calls || (a.label ?? a.key ?? "").localeCompare(b.label ?? b.key ?? ""));
}

/** A summary by client, trunk, destination or DID: one row per key and currency (staff also see buy cost and margin). */
export function DimensionTable({ rows, by, costLabel, withMargin }: { rows: readonly SummaryRow[]; by: SummaryBy; costLabel: string; withMargin: boolean }) {
  const number = new Intl.NumberFormat();
  const money = (amount: string | null, currency: string | null) => (currency ? <Money amount={amount} currency={currency} size="sm" /> : <Text size="sm" c="dimmed">—</Text>);
  return (
    <Table.ScrollContainer minWidth={withMargin ? 640 : 420}>
      <Table striped verticalSpacing="xs" data-testid="dimension-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{BY_LABELS[by]}</Table.Th>
            <Table.Th ta="right">Calls</Table.Th>
            <Table.Th ta="right">Minutes</Table.Th>
            <Table.Th ta="right">{costLabel}</Table.Th>
            {withMargin ? <Table.Th ta="right">Buy cost</Table.Th> : null}
            {withMargin ? <Table.Th ta="right">Margin</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sortedRows(rows).map((row) => (
            <Table.Tr key={`${row.key ?? ""}-${row.currency ?? ""}`} data-testid="dimension-row">
              <Table.Td>
                <Text size="sm" ff={by === "did" ? "monospace" : undefined}>
                  {nameOf(row, by)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{number.format(row.calls)}</Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                {row.billable_minutes}
              </Table.Td>
              <Table.Td ta="right">{money(row.cost, row.currency)}</Table.Td>
              {withMargin ? <Table.Td ta="right">{money(row.buy_cost, row.currency)}</Table.Td> : null}
              {withMargin ? <Table.Td ta="right">{money(row.margin, row.currency)}</Table.Td> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
