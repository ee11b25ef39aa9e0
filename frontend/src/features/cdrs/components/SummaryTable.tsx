import { Stack, Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";

import { grandTotal, type PeriodTotals } from "./summaryData";

function Costs({ cost }: { cost: Record<string, string> }) {
  const priced = Object.entries(cost).filter(([currency]) => currency !== "");
  if (priced.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={0} align="flex-end">
      {priced.map(([currency, amount]) => (
        <Money key={currency} amount={amount} currency={currency} size="sm" />
      ))}
    </Stack>
  );
}

/** The summary's figures per period (periods without calls left out) and their totals. */
export function SummaryTable({ totals, costLabel = "Cost" }: { totals: readonly PeriodTotals[]; costLabel?: string }) {
  const rows = totals.filter((entry) => entry.calls > 0);
  const total = grandTotal(rows);
  const number = new Intl.NumberFormat();
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped verticalSpacing="xs" data-testid="summary-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Period</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>Calls</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>Minutes</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>{costLabel}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((entry) => (
            <Table.Tr key={entry.period}>
              <Table.Td>{entry.period}</Table.Td>
              <Table.Td style={{ textAlign: "right" }}>{number.format(entry.calls)}</Table.Td>
              <Table.Td style={{ textAlign: "right", fontVariantNumeric: "tabular-nums" }}>{entry.minutes}</Table.Td>
              <Table.Td style={{ textAlign: "right" }}>
                <Costs cost={entry.cost} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Td>Total</Table.Td>
            <Table.Td style={{ textAlign: "right" }} data-testid="summary-total-calls">
              {number.format(total.calls)}
            </Table.Td>
            <Table.Td style={{ textAlign: "right", fontVariantNumeric: "tabular-nums" }}>{total.minutes}</Table.Td>
            <Table.Td style={{ textAlign: "right" }}>
              <Costs cost={total.cost} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
