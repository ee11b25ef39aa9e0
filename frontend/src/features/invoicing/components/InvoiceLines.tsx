import { Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";
import { plainDecimal } from "@/lib/decimal";

import type { Invoice } from "../api/invoicing";

/** An invoice's lines and its totals: net, tax per line (rounded per line), and the sums. */
export function InvoiceLines({ invoice }: { invoice: Invoice }) {
  const money = (amount: string | null, exact = false) => <Money amount={amount} currency={invoice.currency} exact={exact} size="sm" />;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="invoice-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right">Quantity</Table.Th>
            <Table.Th ta="right">Unit price</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.map((line) => (
            <Table.Tr key={line.position} data-testid="invoice-line">
              <Table.Td>
                <Text size="sm">{line.description}</Text>
                {line.calls !== null ? (
                  <Text size="xs" c="dimmed">
                    {line.calls} calls
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {plainDecimal(line.quantity)} {line.unit}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{line.unit_price === null ? <Text size="sm" c="dimmed">per call</Text> : money(line.unit_price, true)}</Table.Td>
              <Table.Td ta="right">
                {money(line.tax)}
                <Text size="xs" c="dimmed">
                  {plainDecimal(line.tax_rate)}%
                </Text>
              </Table.Td>
              <Table.Td ta="right">{money(line.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td colSpan={4} ta="right">
              <Text size="sm">Subtotal</Text>
            </Table.Td>
            <Table.Td ta="right">{money(invoice.subtotal)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td colSpan={4} ta="right">
              <Text size="sm">Tax</Text>
            </Table.Td>
            <Table.Td ta="right">{money(invoice.tax_total)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td colSpan={4} ta="right">
              <Text size="sm" fw={700}>
                Total
              </Text>
            </Table.Td>
            <Table.Td ta="right" data-testid="invoice-total">
              <Money amount={invoice.total} currency={invoice.currency} size="sm" fw={700} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
